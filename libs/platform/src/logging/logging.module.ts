import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { createPinoHttpOptions, LoggingOptions } from './logger.options';

/**
 * Structured JSON logging through nestjs-pino: every line carries `service` and, inside a unit of
 * work, `correlationId`, `tenantId`, `actorId`; HTTP requests get an access log keyed by the
 * correlation id. Inject nestjs-pino's `PinoLogger`/`Logger`, or use Nest's `Logger`.
 *
 * nestjs-pino keeps one root logger per process: the first `forRoot` in a process wins.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const pinoHttp = createPinoHttpOptions(options);
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp:
            options.destination && !options.pretty ? [pinoHttp, options.destination] : pinoHttp,
        }),
      ],
      exports: [LoggerModule],
    };
  }
}

import { Module } from '@nestjs/common';
import { BaseEnv } from '../config/base-env';
import { RequestContext } from '../context/request-context';
import { runService } from './run-service';

@Module({})
class AppModule {}

describe(runService.name, () => {
  let exit: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  const module = jest.fn(() => AppModule);

  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // Keep the crash handlers out of the test runner's process.
    jest.spyOn(process, 'on').mockImplementation(() => process);
    module.mockClear();
  });

  afterEach(() => jest.restoreAllMocks());

  it('prints one line naming the bad variables and exits 1 when the env is invalid', async () => {
    await runService({
      service: 'crm',
      envClass: BaseEnv,
      module,
      source: { PORT: 'abc', NATS_URL: 'http://x' },
      argv: [],
    });

    expect(stderr).toHaveBeenCalledTimes(1);
    expect(stderr).toHaveBeenCalledWith(
      'crm: Invalid environment: PORT must be an integer between 1 and 65535 (got "abc"); ' +
        'NATS_URL must be a nats:// URL (got "http://x")\n',
    );
    expect(exit).toHaveBeenCalledWith(1);
    expect(module).not.toHaveBeenCalled();
  });

  it('runs the named command as system work and exits 0', async () => {
    const migrate = jest.fn(async (env: BaseEnv) => {
      expect(env.DATABASE_URL).toBe('postgres://db/studioflow');
      expect(RequestContext.current()).toMatchObject({ actorId: 'system:migrate', system: true });
    });

    await runService({
      service: 'crm',
      envClass: BaseEnv,
      module,
      commands: { migrate },
      source: { LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://db/studioflow' },
      argv: ['migrate'],
    });

    expect(migrate).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
    expect(module).not.toHaveBeenCalled();
  });

  it('exits 1 when the command fails', async () => {
    await runService({
      service: 'crm',
      envClass: BaseEnv,
      module,
      commands: {
        migrate: async () => {
          throw new Error('relation "crm.leads" already exists');
        },
      },
      source: { LOG_LEVEL: 'silent' },
      argv: ['migrate'],
    });

    expect(exit).toHaveBeenCalledWith(1);
  });

  it('refuses an unknown command instead of starting the server', async () => {
    await runService({
      service: 'crm',
      envClass: BaseEnv,
      module,
      commands: { migrate: async () => undefined },
      source: { LOG_LEVEL: 'silent' },
      argv: ['migrat'],
    });

    expect(stderr).toHaveBeenCalledWith('crm: unknown command "migrat" (known: migrate)\n');
    expect(exit).toHaveBeenCalledWith(1);
    expect(module).not.toHaveBeenCalled();
  });
});

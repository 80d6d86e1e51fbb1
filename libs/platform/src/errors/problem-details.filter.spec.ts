import { ArgumentsHost, Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Writable } from 'node:stream';
import { isObservable, lastValueFrom, Observable } from 'rxjs';
import { createServiceApp } from '../bootstrap/service-app';
import { PlatformModule } from '../bootstrap/platform.module';
import { BaseEnv } from '../config/base-env';
import { loadEnv } from '../config/load-env';
import { DomainErrorKind, DomainException } from './domain.exception';
import { ProblemDetailsFilter } from './problem-details.filter';
import { INTERNAL_ERROR_DETAIL } from './problem-details';

class InvoiceLineDto {
  @IsString()
  description: string;

  @IsInt()
  @Min(1)
  quantity: number;
}

class CreateInvoiceDto {
  @IsString()
  clientId: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines: InvoiceLineDto[];
}

@Controller('invoices')
class InvoicesController {
  @Post()
  @HttpCode(201)
  create(@Body() dto: CreateInvoiceDto): { lines: number } {
    return { lines: dto.lines.length };
  }

  @Get('paid')
  paid(): never {
    throw new DomainException(
      DomainErrorKind.Conflict,
      'invoice.already_paid',
      'Invoice INV-7 is already paid',
    );
  }

  @Get('broken')
  broken(): never {
    throw new Error('connect ECONNREFUSED postgres://app:hunter2@db');
  }
}

describe(ProblemDetailsFilter.name, () => {
  const logLines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  let sut: NestFastifyApplication;

  beforeAll(async () => {
    const env = loadEnv(BaseEnv, { NODE_ENV: 'test', HTTP_BODY_LIMIT_BYTES: '256' });
    @Module({
      imports: [PlatformModule.forRoot({ service: 'test', env, logging: { destination } })],
      controllers: [InvoicesController],
    })
    class AppModule {}
    sut = await createServiceApp({ service: 'test', env, module: () => AppModule });
  });

  afterAll(async () => {
    await sut.close();
  });

  function expectProblem(
    response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
    status: number,
  ) {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const body = response.json() as Record<string, unknown>;
    expect(body).toMatchObject({ status, correlationId: response.headers['x-correlation-id'] });
    return body;
  }

  it('answers an unknown route with a 404 problem', async () => {
    const response = await sut.inject({ method: 'GET', url: '/nope?x=1' });

    const body = expectProblem(response, 404);
    expect(body).toMatchObject({ type: 'about:blank', title: 'Not Found', instance: '/nope' });
  });

  it('lists every invalid field, nested ones included, as JSON pointers', async () => {
    const response = await sut.inject({
      method: 'POST',
      url: '/invoices',
      payload: { lines: [{ description: 'Tiles', quantity: 2 }, { quantity: 0 }], extra: true },
    });

    const body = expectProblem(response, 400);
    expect(body).toMatchObject({
      type: 'https://studioflow.dev/problems/validation_failed',
      title: 'Bad Request',
      detail: 'The request has invalid fields',
      instance: '/invoices',
    });
    const pointers = (body['errors'] as { pointer: string; message: string }[]).map(
      (e) => e.pointer,
    );
    expect(pointers).toEqual(
      expect.arrayContaining(['/extra', '/clientId', '/lines/1/description', '/lines/1/quantity']),
    );
    expect(pointers).not.toContain('/lines/0/quantity');
  });

  it('accepts a valid body', async () => {
    const response = await sut.inject({
      method: 'POST',
      url: '/invoices',
      payload: { clientId: 'c1', lines: [{ description: 'Tiles', quantity: 2 }] },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ lines: 1 });
  });

  it('answers a body over HTTP_BODY_LIMIT_BYTES with a 413 problem', async () => {
    const response = await sut.inject({
      method: 'POST',
      url: '/invoices',
      payload: { clientId: 'x'.repeat(1000), lines: [] },
    });

    expectProblem(response, 413);
  });

  it('answers an unsupported media type with a 415 problem', async () => {
    const response = await sut.inject({
      method: 'POST',
      url: '/invoices',
      headers: { 'content-type': 'application/xml' },
      payload: '<invoice/>',
    });

    expectProblem(response, 415);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await sut.inject({
      method: 'POST',
      url: '/invoices',
      headers: { 'content-type': 'application/json' },
      payload: '{"clientId":',
    });

    expectProblem(response, 400);
  });

  it('maps a domain exception to its status and problem type', async () => {
    const response = await sut.inject({ method: 'GET', url: '/invoices/paid' });

    const body = expectProblem(response, 409);
    expect(body).toMatchObject({
      type: 'https://studioflow.dev/problems/invoice.already_paid',
      title: 'Conflict',
      detail: 'Invoice INV-7 is already paid',
    });
  });

  it('answers an unexpected error with a generic 500 problem and logs it once with its stack', async () => {
    const response = await sut.inject({
      method: 'GET',
      url: '/invoices/broken',
      headers: { 'x-correlation-id': 'trace-500' },
    });

    const body = expectProblem(response, 500);
    expect(body).toMatchObject({ detail: INTERNAL_ERROR_DETAIL, correlationId: 'trace-500' });
    expect(response.body).not.toContain('hunter2');
    const withStack = logLines.filter((line) =>
      (line['err'] as { stack?: string } | undefined)?.stack?.includes('ECONNREFUSED'),
    );
    expect(withStack).toHaveLength(1);
    expect(withStack[0]).toMatchObject({
      level: 'error',
      correlationId: 'trace-500',
      service: 'test',
    });
  });
});

describe(`${ProblemDetailsFilter.name} outside HTTP`, () => {
  const sut = new ProblemDetailsFilter();

  function hostOf(type: string): ArgumentsHost {
    return { getType: () => type } as unknown as ArgumentsHost;
  }

  it('answers an RPC domain exception with its payload, for the caller to rebuild', async () => {
    const error = new DomainException(
      DomainErrorKind.Conflict,
      'lead.converted',
      'Already converted',
      [{ pointer: '/leadId', message: 'converted' }],
    );
    const result = sut.catch(error, hostOf('rpc'));

    expect(isObservable(result)).toBe(true);
    await expect(lastValueFrom(result as Observable<unknown>)).rejects.toEqual({
      kind: DomainErrorKind.Conflict,
      code: 'lead.converted',
      message: 'Already converted',
      errors: [{ pointer: '/leadId', message: 'converted' }],
    });
  });

  it('answers any other RPC failure with an opaque internal error', async () => {
    const result = sut.catch(new RpcException({ secret: 'x' }), hostOf('rpc'));

    await expect(lastValueFrom(result as Observable<unknown>)).rejects.toEqual({
      kind: 'internal',
      message: 'Internal error',
    });
  });

  it('rethrows in any other context', () => {
    const error = new Error('ws');

    expect(() => sut.catch(error, hostOf('ws'))).toThrow(error);
  });
});

import { Controller, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BaseEnv, DomainErrorKind, DomainException, RequestContext } from '@studioflow/platform';
import { uniquePrefix } from '@studioflow/testing';
import { IsString } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import {
  RpcClient,
  RpcNoResponderError,
  RpcRemoteError,
  RpcTimeoutError,
  type ServiceDefinition,
} from '../../src';
import { InProcessServices } from '../support/in-process-services';

const prefix = uniquePrefix();

/** The error `call` rejects with; fails the test when it resolves. */
async function failureOf(call: Promise<unknown>): Promise<DomainException> {
  try {
    await call;
  } catch (error) {
    return error as DomainException;
  }
  throw new Error('expected the call to fail');
}
const subject = (name: string) => `${prefix}.rpc.${name}`;

class GreetDto {
  @IsString()
  name: string;
}

@Controller()
class EchoController {
  @MessagePattern(subject('whoami'))
  whoami() {
    const ctx = RequestContext.current();
    return {
      tenantId: ctx?.tenantId,
      actorId: ctx?.actorId,
      roles: ctx?.roles,
      correlationId: ctx?.correlationId,
    };
  }

  @MessagePattern(subject('greet'))
  greet(@Payload() dto: GreetDto) {
    return `Namaskaram, ${dto.name}`;
  }

  @MessagePattern(subject('slow'))
  async slow() {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return 'late';
  }

  @MessagePattern(subject('conflict'))
  conflict() {
    throw new DomainException(
      DomainErrorKind.Conflict,
      'lead.already_converted',
      'The lead is already converted',
    );
  }

  @MessagePattern(subject('crash'))
  crash() {
    throw new Error('database password is hunter2');
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

class EchoEnv extends BaseEnv {}

const echoService: ServiceDefinition<EchoEnv> = {
  service: 'echo',
  schema: 'echo',
  envClass: EchoEnv,
  entities: [],
  migrations: [],
  imports: () => [EchoModule],
};

describe('RPC over NATS request-reply', () => {
  let services: InProcessServices;
  let client: RpcClient;

  beforeAll(async () => {
    services = await InProcessServices.create(prefix);
    client = (await services.boot(echoService)).get(RpcClient);
  });

  afterAll(() => services?.close());

  it('carries tenant, actor, roles and correlation id in headers, not in the body', async () => {
    const ctx = {
      tenantId: uuidv7(),
      actorId: uuidv7(),
      roles: ['manager' as const],
      correlationId: 'corr-123',
    };
    const answer = await RequestContext.run(ctx, () =>
      client.send(subject('whoami'), { tenantId: 'forged' }),
    );
    expect(answer).toEqual(ctx);
  });

  it('validates the payload and answers a domain error naming the field', async () => {
    await expect(
      RequestContext.run({}, () => client.send(subject('greet'), { name: 'Asha' })),
    ).resolves.toBe('Namaskaram, Asha');
    const error = await failureOf(
      RequestContext.run({}, () => client.send(subject('greet'), { name: 7 })),
    );
    expect(error).toBeInstanceOf(DomainException);
    expect(error).toMatchObject({ kind: DomainErrorKind.Invalid, code: 'validation_failed' });
    expect(error.errors).toEqual([expect.objectContaining({ pointer: '/name' })]);
  });

  it('rebuilds the callee domain exception on the caller side', async () => {
    const error = await failureOf(client.send(subject('conflict'), {}));
    expect(error).toBeInstanceOf(DomainException);
    expect(error).toMatchObject({ kind: DomainErrorKind.Conflict, code: 'lead.already_converted' });
  });

  it('hides unexpected failures behind an opaque remote error', async () => {
    const error = await failureOf(client.send(subject('crash'), {}));
    expect(error).toBeInstanceOf(RpcRemoteError);
    expect(error.message).not.toContain('hunter2');
  });

  it('maps a handler slower than the deadline to RpcTimeoutError (504)', async () => {
    const started = Date.now();
    const error = await failureOf(client.send(subject('slow'), {}, { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(RpcTimeoutError);
    expect(error.kind).toBe(DomainErrorKind.Timeout);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('maps a subject nobody answers to RpcNoResponderError (503) at once', async () => {
    const started = Date.now();
    const error = await failureOf(client.send(subject('nobody-home'), {}, { timeoutMs: 3_000 }));
    expect(error).toBeInstanceOf(RpcNoResponderError);
    expect(error.kind).toBe(DomainErrorKind.Unavailable);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

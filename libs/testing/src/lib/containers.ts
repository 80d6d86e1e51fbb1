import type { GenericContainer, StartedTestContainer } from 'testcontainers';

/** Images used whenever a Docker engine is reachable. */
export const IMAGES = {
  postgres: 'postgres:17',
  nats: 'nats:2.12',
  redis: 'redis:7',
} as const;

/** Container-side ports of the images above. */
export const CONTAINER_PORTS = { postgres: 5432, nats: 4222, redis: 6379 } as const;

/** Which service a container runs. */
export type ServiceKind = keyof typeof IMAGES;

export interface ContainerOptions {
  /** Bind the service port to this host port (needed to keep the URL across kill/start). */
  hostPort?: number;
  /** Redis only: keep data across restarts with an fsync-always append-only file. */
  appendOnly?: boolean;
}

/** Builds (does not start) the container for one service kind. */
export async function buildContainer(
  kind: ServiceKind,
  options: ContainerOptions = {},
): Promise<GenericContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const port = CONTAINER_PORTS[kind];
  const container = new GenericContainer(IMAGES[kind])
    .withExposedPorts(options.hostPort ? { container: port, host: options.hostPort } : port)
    .withStartupTimeout(60_000);
  switch (kind) {
    case 'postgres':
      // The entrypoint starts a temporary server for initialisation first: wait for the second.
      return container
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
        .withCommand(['postgres', '-c', 'fsync=off'])
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2));
    case 'nats':
      return container
        .withCommand(['-js', '-sd', '/data'])
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/));
    case 'redis':
      return container
        .withCommand([
          'redis-server',
          '--save',
          '',
          '--appendonly',
          options.appendOnly ? 'yes' : 'no',
          ...(options.appendOnly ? ['--appendfsync', 'always'] : []),
        ])
        .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/));
  }
}

/** The URL clients use to reach a started service container. */
export function containerUrl(kind: ServiceKind, container: StartedTestContainer): string {
  const host = container.getHost();
  const port = container.getMappedPort(CONTAINER_PORTS[kind]);
  return serviceUrl(kind, host, port);
}

/** URL of a service of `kind` at host:port, in the form the apps expect. */
export function serviceUrl(kind: ServiceKind, host: string, port: number): string {
  switch (kind) {
    case 'postgres':
      return `postgres://postgres@${host}:${port}/postgres`;
    case 'nats':
      return `nats://${host}:${port}`;
    case 'redis':
      return `redis://${host}:${port}`;
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/** The repository root (this file is libs/testing/src/lib/). */
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');

/** A built app (`apps/<app>/dist/main.js`) running as its own process. */
export class ServiceProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private exit?: Promise<number | null>;

  private constructor(
    readonly app: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.stdout.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Spawns `node apps/<app>/dist/main.js [...args]` with `env` on top of a minimal environment
   * (PATH, HOME) and `PORT` (a free one unless given). Throws when the app was not built.
   */
  static async spawn(
    app: string,
    env: Record<string, string>,
    args: string[] = [],
  ): Promise<ServiceProcess> {
    const main = join(WORKSPACE_ROOT, 'apps', app, 'dist', 'main.js');
    if (!existsSync(main))
      throw new Error(`${main} does not exist: build the app first (npx nx build ${app})`);
    const port = env['PORT'] ? Number(env['PORT']) : await freePort();
    const child = spawn(process.execPath, [main, ...args], {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '/tmp',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(app, port, child);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** GET `path` on the app: status and parsed body (text when not JSON). */
  async get(path: string): Promise<{ status: number; body: unknown; text: string }> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (e.g. /metrics)
    }
    return { status: response.status, body, text };
  }

  /** Waits until `GET path` answers `status` (default: /health/ready → 200). */
  async waitForStatus(status = 200, path = '/health/ready', timeoutMs = 30_000): Promise<void> {
    const answered = waitFor(
      async () => (await this.get(path).catch(() => undefined))?.status === status,
      { what: `${this.app} ${path} to answer ${status}`, timeoutMs, intervalMs: 200 },
    );
    const died = this.exited().then((code) => {
      throw new Error(`${this.app} exited with ${code}`);
    });
    await Promise.race([answered, died]).catch((error: Error) => {
      const output = [...this.stderr, ...this.stdout].join('').slice(-4000);
      throw new Error(`${error.message}\n--- ${this.app} output ---\n${output}`);
    });
  }

  /** Resolves with the exit code once the process has exited. */
  exited(): Promise<number | null> {
    return this.exit ?? Promise.resolve(this.child.exitCode);
  }

  /** Sends `signal` (default SIGTERM). */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }

  /** Kills the process (SIGKILL) if it still runs and waits for its exit. */
  async dispose(): Promise<void> {
    this.kill('SIGKILL');
    await this.exited();
  }
}

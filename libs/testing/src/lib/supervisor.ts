import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/**
 * A tiny Node program that owns one server process. It outlives `stop()`/`start()` cycles and, when
 * the IPC channel to the test process closes (the Jest worker exited or was killed, even with
 * SIGKILL), it kills the server and deletes its data directory, so nothing is left running.
 */
const SUPERVISOR_SOURCE = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');
const spec = JSON.parse(process.argv[1]);
let child = null;
let finishing = false;
const send = (msg) => { if (process.connected) { try { process.send(msg); } catch {} } };
const finish = () => {
  if (spec.cleanupDir) { try { rmSync(spec.cleanupDir, { recursive: true, force: true }); } catch {} }
  if (process.connected) { process.send({ type: 'disposed' }, () => process.exit(0)); } else { process.exit(0); }
};
const kill = (signal) => {
  const c = child;
  if (!c) return false;
  try { c.kill(signal); } catch {}
  const timer = setTimeout(() => { try { c.kill('SIGKILL'); } catch {} }, 5000);
  c.once('exit', () => clearTimeout(timer));
  return true;
};
const dispose = () => {
  if (finishing) return;
  finishing = true;
  if (!kill(spec.killSignal)) finish();
};
const start = () => {
  if (child) { send({ type: 'started', pid: child.pid }); return; }
  const c = spawn(spec.command, spec.args, {
    stdio: ['ignore', 'inherit', 'inherit'], cwd: spec.cwd, uid: spec.uid, gid: spec.gid,
  });
  child = c;
  c.once('spawn', () => send({ type: 'started', pid: c.pid }));
  c.once('error', (error) => {
    if (child === c) child = null;
    send({ type: 'failed', message: String((error && error.message) || error) });
    if (finishing) finish();
  });
  c.once('exit', (code, signal) => {
    if (child === c) child = null;
    send({ type: 'exited', code, signal });
    if (finishing) finish();
  });
};
process.on('message', (msg) => {
  if (msg.type === 'start') start();
  else if (msg.type === 'kill') { if (!kill(msg.signal)) send({ type: 'exited', code: null, signal: null }); }
  else if (msg.type === 'dispose') dispose();
});
process.on('disconnect', dispose);
process.on('SIGINT', dispose);
process.on('SIGTERM', dispose);
process.on('SIGHUP', dispose);
`;

/** What the supervisor runs. */
export interface ProcessSpec {
  /** Short label for messages, e.g. `nats-server`. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  uid?: number;
  gid?: number;
  /** Signal for stop()/dispose(): SIGKILL for a hard crash, SIGQUIT = PostgreSQL immediate stop. */
  killSignal: NodeJS.Signals;
  /** Deleted when the supervisor is disposed or orphaned. */
  cleanupDir?: string;
  /** The server's stdout/stderr are appended here. */
  logFile: string;
}

type SupervisorMessage =
  | { type: 'started'; pid: number }
  | { type: 'failed'; message: string }
  | { type: 'exited'; code: number | null; signal: string | null }
  | { type: 'disposed' };

/** Handle on a supervised server process. */
export class SupervisedProcess {
  private pid: number | undefined;
  private lastExit: string | undefined;
  private readonly waiters = new Set<(msg: SupervisorMessage) => void>();
  private gone = false;

  private constructor(
    private readonly spec: ProcessSpec,
    private readonly supervisor: ChildProcess,
  ) {
    supervisor.on('message', (msg: SupervisorMessage) => this.onMessage(msg));
    supervisor.once('exit', () => {
      this.gone = true;
      this.pid = undefined;
      for (const waiter of [...this.waiters]) waiter({ type: 'disposed' });
    });
  }

  /** Launches the supervisor (not yet the server). */
  static launch(spec: ProcessSpec): SupervisedProcess {
    const env = { ...process.env };
    delete env['NODE_OPTIONS'];
    const log = openSync(spec.logFile, 'a');
    try {
      const supervisor = spawn(
        process.execPath,
        [
          '-e',
          SUPERVISOR_SOURCE,
          JSON.stringify({
            command: spec.command,
            args: spec.args,
            cwd: spec.cwd,
            uid: spec.uid,
            gid: spec.gid,
            killSignal: spec.killSignal,
            cleanupDir: spec.cleanupDir,
          }),
        ],
        { stdio: ['ignore', log, log, 'ipc'], env },
      );
      // Never keep the test process alive just because a server is still running.
      supervisor.unref();
      supervisor.channel?.unref();
      return new SupervisedProcess(spec, supervisor);
    } finally {
      closeSync(log);
    }
  }

  /** Whether the server process is currently running. */
  get running(): boolean {
    return this.pid !== undefined;
  }

  /** How the server last exited, if it did. */
  get exitDescription(): string | undefined {
    return this.lastExit;
  }

  /** Starts the server process; resolves with its pid once spawned. */
  async start(): Promise<number> {
    if (this.pid !== undefined) return this.pid;
    this.lastExit = undefined;
    const reply = await this.request({ type: 'start' }, ['started', 'failed'], 10_000);
    if (reply.type === 'started') return reply.pid;
    if (reply.type === 'failed') {
      throw new Error(`Could not start ${this.spec.name} (${this.spec.command}): ${reply.message}`);
    }
    throw new Error(`Supervisor of ${this.spec.name} exited unexpectedly`);
  }

  /** Sends `signal` (default: the spec's kill signal) and resolves once the server has exited. */
  async kill(signal: NodeJS.Signals = this.spec.killSignal): Promise<void> {
    if (this.pid === undefined) return;
    await this.request({ type: 'kill', signal }, ['exited'], 15_000);
  }

  /** Kills the server, deletes its data directory and ends the supervisor. */
  async dispose(): Promise<void> {
    if (this.gone) return;
    await this.request({ type: 'dispose' }, ['disposed'], 20_000);
  }

  /** The last `bytes` of the server's log, for error messages. */
  logTail(bytes = 3_000): string {
    try {
      const text = readFileSync(this.spec.logFile, 'utf8');
      return text.length > bytes ? `…${text.slice(-bytes)}` : text;
    } catch {
      return '(no log)';
    }
  }

  private onMessage(msg: SupervisorMessage): void {
    if (msg.type === 'started') this.pid = msg.pid;
    if (msg.type === 'exited') {
      this.pid = undefined;
      this.lastExit = msg.signal ? `signal ${msg.signal}` : `exit code ${msg.code}`;
    }
    if (msg.type === 'failed') this.pid = undefined;
    for (const waiter of [...this.waiters]) waiter(msg);
  }

  private request(
    command: { type: string; signal?: string },
    expect: SupervisorMessage['type'][],
    timeoutMs: number,
  ): Promise<SupervisorMessage> {
    if (this.gone) return Promise.reject(new Error(`${this.spec.name} was already disposed`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${this.spec.name}: no '${expect.join("' or '")}' within ${timeoutMs}ms`));
      }, timeoutMs);
      const waiter = (msg: SupervisorMessage): void => {
        if (!expect.includes(msg.type) && msg.type !== 'disposed') return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(msg);
      };
      this.waiters.add(waiter);
      this.supervisor.send(command, (error) => {
        if (error) {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        }
      });
    });
  }
}

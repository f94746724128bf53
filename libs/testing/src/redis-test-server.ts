import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { freePort } from './ports';

/**
 * RedisTestServer runs a private redis-server (no persistence) on a free port, so tests can kill, pause and restart
 * it without touching the shared Redis on 6379.
 */
export class RedisTestServer {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /** start launches a server on a free port and resolves once it accepts connections. */
  static async start(): Promise<RedisTestServer> {
    const server = new RedisTestServer(await freePort());
    await server.launch();
    return server;
  }

  /** url is the server's redis:// address. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** kill stops the server abruptly (SIGKILL), as a crash would, and waits for it to exit. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** restart launches a fresh server on the same port (its data is gone: there is no persistence). */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  /** pause freezes the server (SIGSTOP): connections stay open but nothing is answered, like a very slow Redis. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** resume unfreezes a paused server. */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  private launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn('redis-server', [...args, '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`redis-server did not start: ${output}`)), 10_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          cleanup();
          resolve();
        }
      };
      const onExit = (code: number | null): void =>
        fail(new Error(`redis-server exited with ${code}: ${output}`));
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        child.off('error', fail);
        child.off('exit', onExit);
      };
      const fail = (err: Error): void => {
        cleanup();
        child.kill('SIGKILL');
        reject(err);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', fail);
      child.once('exit', onExit);
    });
  }
}

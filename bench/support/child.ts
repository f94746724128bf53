// A child process the benchmark owns: its captured output, and a stop that always ends it.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Child is a spawned process with its output kept (the last 64 KiB) for error messages. */
export interface Child {
  proc: ChildProcess;
  pid: number;
  output(): string;
  /** exited tells whether the process has ended. */
  exited(): boolean;
  /** stop sends `signal`, waits up to `graceMs` for the process to exit, then kills it. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const MAX_OUTPUT = 64 * 1024;

/** startChild spawns `command` with piped output; it rejects if the process cannot be started. */
export async function startChild(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<Child> {
  const proc = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer): void => {
    out += d.toString();
    if (out.length > MAX_OUTPUT) out = out.slice(-MAX_OUTPUT);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  await new Promise<void>((resolve, reject) => {
    proc.once('spawn', resolve);
    proc.once('error', reject);
  });
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${command} did not start`);
  const exited = (): boolean => proc.exitCode !== null || proc.signalCode !== null;
  return {
    proc,
    pid,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (exited()) return;
      const done = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(timer);
    },
  };
}

/** waitUntil polls `check` every 100 ms until it returns a value, `child` exits, or `timeoutMs` passes. */
export async function waitUntil<T>(
  what: string,
  child: Child,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exited()) throw new Error(`process exited while waiting for ${what}:\n${child.output()}`);
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${child.output()}`);
    await sleep(100);
  }
}

/** sleep resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

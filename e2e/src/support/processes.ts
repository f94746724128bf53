import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GiveUp, freePort, waitFor } from '@vigil/testing';

/** REPO_ROOT is the workspace root, for starting `bin/vigil.mjs`. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Started is a child process the test owns, with its captured output. */
export interface Started {
  proc: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

function capture(proc: ChildProcess): () => string {
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return () => out;
}

function stopper(proc: ChildProcess): (signal?: NodeJS.Signals) => Promise<void> {
  return async (signal = 'SIGTERM') => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
}

/** HAVE_PROMETHEUS tells whether Debian's prometheus binary is installed (CI installs it). */
export const HAVE_PROMETHEUS = existsSync('/usr/bin/prometheus');

/** startPrometheus runs Debian's Prometheus on a free loopback port with a temp TSDB and remote-write intake. */
export async function startPrometheus(
  configYaml: string,
  extraFiles: Record<string, string> = {},
): Promise<Started> {
  const { writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-prom-'));
  writeFileSync(join(dir, 'prometheus.yml'), configYaml);
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(dir, name), text);
  const port = await freePort();
  const proc = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = capture(proc);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('prometheus to be ready', async () =>
    (await fetch(`${url}/-/ready`)).ok ? true : undefined,
  );
  const stop = stopper(proc);
  return {
    proc,
    url,
    port,
    output,
    stop: async (signal) => {
      await stop(signal);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** startVigil runs `vigil <args>` from the repo and waits until `readyPath` answers 200 on the given port. */
export async function startVigil(args: string[], port: number, readyPath = '/-/ready'): Promise<Started> {
  const proc = spawn(process.execPath, [join(REPO_ROOT, 'bin/vigil.mjs'), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = capture(proc);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `vigil ${args[0]} to be ready`,
    async () => {
      if (proc.exitCode !== null) throw new GiveUp(`vigil exited with ${proc.exitCode}:\n${output()}`);
      return (await fetch(`${url}${readyPath}`)).ok ? true : undefined;
    },
    30_000,
  );
  return { proc, url, port, output, stop: stopper(proc) };
}

// The single-writer rule: one process per store directory, enforced by a lock file holding the owner's pid.
// Node has no flock(2); a lock left by a dead process (crash, SIGKILL) is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** LockError says the directory is in use by another store. */
export class LockError extends Error {}

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** acquireLock creates <dir>/lock or throws LockError naming the directory and the owning pid. */
export function acquireLock(dir: string): void {
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      held.add(path);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      // Vanished meanwhile: retry.
    }
    if (Number.isInteger(owner) && (held.has(path) || (owner !== process.pid && alive(owner)))) {
      throw new LockError(
        `tsdb: directory ${dir} is locked by ${owner === process.pid ? 'this process' : `process ${owner}`} ` +
          `(${path}); only one store may use a directory at a time`,
      );
    }
    rmSync(path, { force: true });
  }
  throw new LockError(`tsdb: could not lock directory ${dir} (${path})`);
}

/** releaseLock removes the lock file taken by acquireLock. */
export function releaseLock(dir: string): void {
  const path = join(dir, 'lock');
  if (!held.delete(path)) return;
  rmSync(path, { force: true });
}

/**
 * A small real filesystem for full-disk tests: a tmpfs of a few MiB mounted in a temp directory (needs root,
 * as in CI), which a filler file makes really full and deleting it frees again. Used by the relay's and the
 * workstation core's tests; SQLite then meets ENOSPC from the kernel, not a simulated limit.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  /** The mount point (empty at first). */
  dir: string;
  /** Writes a filler file until the filesystem refuses even 512 bytes; returns the bytes written. */
  fill(): number;
  /** Deletes the filler file. */
  free(): void;
  /** Unmounts and removes the mount point. */
  dispose(): void;
}

/** Mounts a tmpfs of `sizeKiB`; answers the reason instead when mounting is impossible (not root, no mount). */
export function mountSmallDisk(sizeKiB: number): SmallDisk | { skip: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    fs.rmdirSync(dir);
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return { skip: `cannot mount a tmpfs (${stderr || (e as Error).message}); full-disk tests need root` };
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = fs.openSync(filler, 'a');
      let written = 0;
      try {
        for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
          const chunk = Buffer.alloc(size, 0x5a);
          for (;;) {
            try {
              written += fs.writeSync(fd, chunk);
            } catch (e) {
              if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw e;
            }
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      return written;
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    dispose() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

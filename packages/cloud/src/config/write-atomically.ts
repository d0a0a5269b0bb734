import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes `text` to `path` through a temporary file in the same directory, then renames it over `path`, so a
 * reader never sees half a file and a crash leaves the old one. The temporary file is created with `mode` (never
 * a moment more readable than the final file); the directory is created private (0700) when missing.
 */
export function writeAtomically(path: string, text: string, mode = 0o644): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `.${randomUUID()}.tmp`);
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    // The umask may have narrowed the mode; it can never widen it, but be explicit about the final one.
    chmodSync(temporary, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

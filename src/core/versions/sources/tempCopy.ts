import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Writes bytes to a fresh private temp folder under the file's own name (loaders look at the extension). */
export function tempCopy(name: string, bytes: Uint8Array): { file: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'model-lens-version-'));
  const file = join(dir, basename(name));
  writeFileSync(file, bytes, { mode: 0o600 });
  let done = false;
  return {
    file,
    dispose: () => {
      if (done) return;
      done = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

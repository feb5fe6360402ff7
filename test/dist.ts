/**
 * Worker threads cannot load TypeScript on Node 20, so tests of the inspection pool run the
 * compiled JavaScript in dist/. Like ensureWebBuilt (e2e/browser.ts), this builds it on demand.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = path.join(ROOT, 'dist');

/** Long enough for a cold `tsc` of the whole project on a small machine. */
export const BUILD_TIMEOUT_MS = 120_000;

/** The newest modification time of any file under `dir`: a build older than it is stale. */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Compile src/ to dist/ with tsc when the pool's worker is missing or older than any source file. */
export async function ensureDistBuilt(): Promise<void> {
  const worker = path.join(DIST, 'engine', 'pool-worker.js');
  if (existsSync(worker) && statSync(worker).mtimeMs >= newestMtime(path.join(ROOT, 'src'))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.json')], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed, so dist/ cannot be tested:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Import a compiled module, e.g. `engine/pool.js`, typed as its source module. */
export function importDist<T>(relative: string): Promise<T> {
  return import(pathToFileURL(path.join(DIST, relative)).href) as Promise<T>;
}

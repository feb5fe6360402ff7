/**
 * `npm run bench`: prints measured numbers, each beside the baseline measured in the same run.
 * KEFU_BENCH_ONLY=engine,assist,store picks sections; KEFU_BENCH_N sets the store bench size.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAssist } from './assist.js';
import { benchEngine } from './engine.js';
import { benchStore } from './store.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = process.env['KEFU_DATA_DIR'] ?? path.resolve(repoRoot, '../shared/data');
const only = (process.env['KEFU_BENCH_ONLY'] ?? 'engine,assist,store').split(',');

function print(title: string, record: Record<string, number | string>): void {
  console.log(`\n== ${title}`);
  for (const [k, v] of Object.entries(record)) console.log(`${k.padEnd(56)} ${v}`);
}

if (!existsSync(dataDir)) {
  console.log(`bench: ${dataDir} is absent; the benchmarks read the real dialogues from there.`);
  process.exit(0);
}
console.log(`bench on ${process.version}, data ${dataDir}`);
if (only.includes('engine')) print('engine (issue 3)', await benchEngine(dataDir));
if (only.includes('assist')) print('assist (issue 6)', await benchAssist());
if (only.includes('store')) print('store and workers (issue 5)', await benchStore({ n: 100_000, dataDir }));

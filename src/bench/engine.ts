/**
 * Engine throughput (issue 3), measured against baselines in the same run:
 *
 * - floor: only reading and parsing the same JSONL (the importers, no inspection);
 * - full: read + parse + inspect with the full configuration (every built-in rule on);
 * - parallel: the same with `kefu inspect --jobs`'s pool, one worker per core: reading and
 *   parsing in the main thread, inspecting in the workers, results back in input order;
 * - naive: every phrase tested with `includes` per turn, the list grown to 2,000 phrases,
 *   against the same 2,000 phrases in the engine's one automaton, timed around the matching
 *   alone (each turn is normalised first, untimed, for both), and as whole passes: the naive loop
 *   against the full engine with the 2,000 phrases added.
 *
 * Each pass runs in a fresh child process, started with the Node flags the `kefu` command runs
 * with (NODE_FLAGS: V8's thread pool sized to the cores): cold (JIT warm-up included, as a one-off
 * `kefu inspect` sees it; the engine is built before timing starts) and warm (the same engine
 * after one untimed pass, as a long-running server or worker sees it; the median of three
 * passes), and at 10× the input in one cold process, as a large import sees it. The floor and the inspecting pass run as pairs, several times (KEFU_BENCH_RUNS).
 * Peak RSS is read at 1× and 10× the input, to show memory stays flat.
 */
import { fork } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createEngine, loadConfig } from '../api.js';
import { listInputFiles, readPaths } from '../conversation/import/index.js';
import type { KefuConfig } from '../engine/config.js';
import { NODE_FLAGS } from '../cli/node-flags.js';
import type { Engine } from '../engine/engine.js';
import { InspectionPool } from '../engine/pool.js';
import { BUILTIN_RULES } from '../rules/index.js';
import { PhraseMatcher } from '../text/matcher.js';
import { normalize } from '../text/normalize.js';

/** Every built-in rule on, over the recommended preset's settings and scoring. */
export function fullConfig(extraPhrases: readonly string[] = []): KefuConfig {
  const rules: Record<string, 'warn'> = {};
  for (const r of BUILTIN_RULES) rules[r.meta.id] = 'warn';
  return { extends: 'kefu:recommended', rules, settings: { phraseLists: { forbidden: [...extraPhrases] } } };
}

/** 2,000 phrases: the standard's own plus realistic generated service phrases that rarely occur. */
export function grownPhraseList(n = 2000): string[] {
  const heads = ['这个', '我们', '您的', '订单', '快递', '退款', '发票', '售后', '物流', '客服'];
  const tails = ['处理不了', '没法弄', '管不着', '自己看', '别问我', '找别人', '不归我管', '等着吧', '说过了', '爱买不买'];
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) out.push(`${heads[i % 10]}${tails[Math.floor(i / 10) % 10]}${i >= 100 ? String(i) : ''}`);
  return out;
}

async function jsonlFiles(dataDir: string): Promise<string[]> {
  return (await listInputFiles(dataDir)).filter((f) => f.endsWith('.jsonl'));
}

async function* repeated(files: string[], times: number) {
  for (let i = 0; i < times; i++) yield* readPaths(files, { skipInvalid: true });
}

type Mode = 'floor' | 'full' | 'parallel' | 'naive' | 'automaton' | 'matcher';

/** The parallel pass's workers: one per core (`--jobs auto` keeps one core for the main thread). */
const PARALLEL_WORKERS = availableParallelism();

/**
 * What a pass needs ready before its timing starts, built once per process: the warm passes reuse
 * it, as a server or worker keeps its engine.
 */
interface PassSetup {
  mode: Mode;
  files: string[];
  engine?: Engine;
  naivePhrases: string[];
  matcher: PhraseMatcher;
  pool?: InspectionPool;
}

async function setUp(dataDir: string, mode: Mode): Promise<PassSetup> {
  const phrases = grownPhraseList();
  return {
    mode,
    files: await jsonlFiles(dataDir),
    engine: mode === 'full' ? createEngine(await loadConfig(fullConfig())) : mode === 'automaton' ? createEngine(await loadConfig(fullConfig(phrases))) : undefined,
    naivePhrases: phrases.map((p) => normalize(p).text),
    matcher: new PhraseMatcher(new Map([['grown', phrases]])),
    // Like the engine, the workers are ready before timing starts.
    pool: mode === 'parallel' ? await InspectionPool.start({ jobs: PARALLEL_WORKERS, config: { source: fullConfig(), cwd: process.cwd() } }) : undefined,
  };
}

interface Timed {
  conversations: number;
  seconds: number;
  /** Time spent in the matching alone (naive and matcher passes). */
  matchingSeconds: number;
}

/** One measured pass over the input `times` over; the setup's mode picks what is done per conversation. */
async function pass(setup: PassSetup, times: number): Promise<Timed> {
  const { mode, files, engine, naivePhrases, matcher, pool } = setup;
  let conversations = 0;
  let sink = 0;
  let matchingNs = 0n;
  const t0 = process.hrtime.bigint();
  if (pool) {
    for await (const { result } of pool.inspect(repeated(files, times))) {
      conversations++;
      sink += result.findings.length;
    }
  } else {
    for await (const c of repeated(files, times)) {
      conversations++;
      if (engine) sink += engine.inspect(c).findings.length;
      else if (mode === 'floor') sink += c.turns.length;
      else {
        const texts = c.turns.map((t) => normalize(t.text).text);
        const m0 = process.hrtime.bigint();
        if (mode === 'matcher') for (const text of texts) sink += matcher.match(text).length;
        else if (mode === 'naive') for (const text of texts) for (const p of naivePhrases) if (text.includes(p)) sink++;
        matchingNs += process.hrtime.bigint() - m0;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('unreachable: keeps the work observable');
  return { conversations, seconds, matchingSeconds: Number(matchingNs) / 1e9 };
}

/** Timed passes in a warm process, after one untimed pass: their median is reported. */
const WARM_PASSES = 3;

interface Measured extends Timed {
  peakRssMb: number;
}

/**
 * Run `pass` in a fresh child process, cold (the first pass) or warm (the median of WARM_PASSES
 * after one untimed pass), and read its peak RSS.
 */
function childPass(dataDir: string, mode: Mode, times: number, warm = false): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', dataDir, mode, String(times), warm ? 'warm' : 'cold'], { execArgv: [...NODE_FLAGS], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as Measured));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`bench child exited ${code}`)));
  });
}

/** Runs of each paired measurement; the machine is shared, so one run can be off by ±20%. */
const RUNS = Number(process.env['KEFU_BENCH_RUNS'] ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The floor and the full pass, run back to back `RUNS` times so that each pair sees the same
 * machine; the ratio is the median of the pairs' ratios, with their range.
 */
async function pairedRuns(dataDir: string, times: number, warm: boolean, other: Mode = 'full') {
  const floors: Measured[] = [];
  const fulls: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    floors.push(await childPass(dataDir, 'floor', times, warm));
    fulls.push(await childPass(dataDir, other, times, warm));
  }
  const ratios = fulls.map((f, i) => f.seconds / floors[i]!.seconds);
  const pick = (runs: Measured[]) => [...runs].sort((a, b) => a.seconds - b.seconds)[(runs.length - 1) >> 1]!;
  return { floor: pick(floors), full: pick(fulls), ratio: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios), peakRssMb: Math.max(...fulls.map((f) => f.peakRssMb)) };
}

export async function benchEngine(dataDir: string): Promise<Record<string, number | string>> {
  const files = await jsonlFiles(dataDir);
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  const mb = bytes / 1024 / 1024;

  const cold = await pairedRuns(dataDir, 1, false);
  const warm = await pairedRuns(dataDir, 1, true);
  const tenfold = await pairedRuns(dataDir, 10, false);
  const parallel = await pairedRuns(dataDir, 1, false, 'parallel');
  const parallelWarm = await pairedRuns(dataDir, 1, true, 'parallel');
  const naive = await childPass(dataDir, 'naive', 1, true);
  const automaton = await childPass(dataDir, 'automaton', 1, true);
  const matcher = await childPass(dataDir, 'matcher', 1, true);
  const r = (n: number) => Math.round(n * 100) / 100;
  const ms = (n: number) => Math.round(n * 1000);
  const rate = (m: Measured) => Math.round(m.conversations / m.seconds);
  const ratio = (p: { ratio: number; low: number; high: number }) => `${r(p.ratio)} (${r(p.low)}–${r(p.high)})`;
  return {
    'engine.input': `${cold.full.conversations} conversations, ${r(mb)} MB; medians of ${RUNS} runs`,
    'engine.rules': BUILTIN_RULES.length,
    'engine.floor (read+parse) conv/s, cold | warm': `${rate(cold.floor)} | ${rate(warm.floor)}`,
    'engine.full conv/s, cold | warm': `${rate(cold.full)} | ${rate(warm.full)}`,
    'engine.full MB/s, cold | warm': `${r(mb / cold.full.seconds)} | ${r(mb / warm.full.seconds)}`,
    'engine.full / floor time ratio, cold (target ≤ 3)': ratio(cold),
    'engine.full / floor time ratio, warm (target ≤ 3)': ratio(warm),
    'engine.10× input: floor | full conv/s': `${rate(tenfold.floor)} | ${rate(tenfold.full)}`,
    'engine.10× input: full / floor time ratio (target ≤ 3)': ratio(tenfold),
    'engine.peak RSS 1× | 10× MB': `${cold.peakRssMb} | ${tenfold.peakRssMb}`,
    [`engine.parallel (${PARALLEL_WORKERS} workers) conv/s, cold | warm`]: `${rate(parallel.full)} | ${rate(parallelWarm.full)}`,
    [`engine.parallel (${PARALLEL_WORKERS} workers) / floor (1 thread) ratio, cold | warm`]: `${ratio(parallel)} | ${ratio(parallelWarm)}`,
    'engine.matching only: naive includes ×2,000 phrases ms': ms(naive.matchingSeconds),
    'engine.matching only: automaton ×2,000 phrases ms': ms(matcher.matchingSeconds),
    'engine.naive / automaton, matching only (target ≥ 10)': r(naive.matchingSeconds / matcher.matchingSeconds),
    'engine.naive includes ×2,000 phrases, whole pass ms': ms(naive.seconds),
    'engine.full + 2,000 phrases, whole pass ms': ms(automaton.seconds),
    'engine.naive includes / full engine with 2,000 phrases, whole pass': r(naive.seconds / automaton.seconds),
  };
}

if (process.argv[2] === '--child') {
  const [, , , dataDir, mode, times, warmth] = process.argv;
  const setup = await setUp(dataDir!, mode as Mode);
  try {
    let result: Timed;
    if (warmth === 'warm') {
      await pass(setup, 1);
      const runs: Timed[] = [];
      for (let i = 0; i < WARM_PASSES; i++) runs.push(await pass(setup, Number(times)));
      result = runs.sort((x, y) => x.seconds - y.seconds)[(WARM_PASSES - 1) >> 1]!;
    } else {
      result = await pass(setup, Number(times));
    }
    process.send!({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
  } finally {
    await setup.pool?.close();
  }
}

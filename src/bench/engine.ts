/**
 * Engine throughput (issue 3), measured against baselines in the same run:
 *
 * - floor: only reading and parsing the same JSONL (the importers, no inspection);
 * - full: read + parse + inspect with the full configuration (every built-in rule on);
 * - naive: every phrase tested with `includes` per turn, the list grown to 2,000 phrases,
 *   against the same 2,000 phrases in the engine's one automaton. Matching is also compared net
 *   of reading, parsing and normalising (the `normalize` pass), which both sides share.
 *
 * Each pass runs in a fresh child process: once cold (start-up and JIT warm-up included, as a
 * one-off `kefu inspect` sees it) and once warm (after one untimed pass, as a long-running server
 * or worker sees it). Peak RSS is read at 1× and 10× the input, to show memory stays flat.
 */
import { fork } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createEngine, loadConfig } from '../api.js';
import { listInputFiles, readPaths } from '../conversation/import/index.js';
import type { KefuConfig } from '../engine/config.js';
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

/** One measured pass; `mode` picks what is done per conversation. */
type Mode = 'floor' | 'normalize' | 'full' | 'naive' | 'automaton' | 'matcher';

export async function pass(dataDir: string, mode: Mode, times = 1): Promise<{ conversations: number; seconds: number }> {
  const files = await jsonlFiles(dataDir);
  const phrases = grownPhraseList();
  const engine = mode === 'full' ? createEngine(await loadConfig(fullConfig())) : mode === 'automaton' ? createEngine(await loadConfig(fullConfig(phrases))) : undefined;
  const naivePhrases = phrases.map((p) => normalize(p).text);
  const matcher = new PhraseMatcher(new Map([['grown', phrases]]));
  let conversations = 0;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for await (const c of repeated(files, times)) {
    conversations++;
    if (engine) sink += engine.inspect(c).findings.length;
    else if (mode === 'normalize') {
      for (const t of c.turns) sink += normalize(t.text).text.length;
    } else if (mode === 'matcher') {
      for (const t of c.turns) sink += matcher.match(normalize(t.text).text).length;
    } else if (mode === 'naive') {
      for (const t of c.turns) {
        const text = normalize(t.text).text;
        for (const p of naivePhrases) if (text.includes(p)) sink++;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('unreachable: keeps the work observable');
  return { conversations, seconds };
}

interface Measured {
  conversations: number;
  seconds: number;
  peakRssMb: number;
}

/** Run `pass` in a fresh child process (cold, or after one untimed warm-up pass) and read its peak RSS. */
function childPass(dataDir: string, mode: Mode, times: number, warm = false): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', dataDir, mode, String(times), warm ? 'warm' : 'cold'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as Measured));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`bench child exited ${code}`)));
  });
}

export async function benchEngine(dataDir: string): Promise<Record<string, number | string>> {
  const files = await jsonlFiles(dataDir);
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  const mb = bytes / 1024 / 1024;

  const floor = await childPass(dataDir, 'floor', 1);
  const full = await childPass(dataDir, 'full', 1);
  const floorWarm = await childPass(dataDir, 'floor', 1, true);
  const fullWarm = await childPass(dataDir, 'full', 1, true);
  const full10 = await childPass(dataDir, 'full', 10);
  const normalized = await childPass(dataDir, 'normalize', 1, true);
  const naive = await childPass(dataDir, 'naive', 1, true);
  const automaton = await childPass(dataDir, 'automaton', 1, true);
  const matcher = await childPass(dataDir, 'matcher', 1, true);
  const r = (n: number) => Math.round(n * 100) / 100;
  const ms = (n: number) => Math.round(n * 1000);
  const rate = (m: Measured) => Math.round(m.conversations / m.seconds);
  return {
    'engine.input': `${full.conversations} conversations, ${r(mb)} MB`,
    'engine.rules': BUILTIN_RULES.length,
    'engine.floor (read+parse) conv/s, cold | warm': `${rate(floor)} | ${rate(floorWarm)}`,
    'engine.full conv/s, cold | warm': `${rate(full)} | ${rate(fullWarm)}`,
    'engine.full MB/s, cold | warm': `${r(mb / full.seconds)} | ${r(mb / fullWarm.seconds)}`,
    'engine.full / floor time ratio, cold (target ≤ 3)': r(full.seconds / floor.seconds),
    'engine.full / floor time ratio, warm (target ≤ 3)': r(fullWarm.seconds / floorWarm.seconds),
    'engine.peak RSS 1× MB': full.peakRssMb,
    'engine.peak RSS 10× MB': full10.peakRssMb,
    'engine.10× conv/s': rate(full10),
    'engine.read+parse+normalise ms (shared by both matchers)': ms(normalized.seconds),
    'engine.naive includes ×2,000 phrases, whole pass ms': ms(naive.seconds),
    'engine.automaton ×2,000 phrases, whole pass ms': ms(matcher.seconds),
    'engine.naive / automaton, matching net of the shared pass (target ≥ 10)': r((naive.seconds - normalized.seconds) / Math.max(matcher.seconds - normalized.seconds, 1e-3)),
    'engine.full + 2,000 phrases, whole pass ms': ms(automaton.seconds),
    'engine.naive includes / full engine with 2,000 phrases, whole pass': r(naive.seconds / automaton.seconds),
  };
}

if (process.argv[2] === '--child') {
  const [, , , dataDir, mode, times, warmth] = process.argv;
  if (warmth === 'warm') await pass(dataDir!, mode as Mode, 1);
  const result = await pass(dataDir!, mode as Mode, Number(times));
  process.send!({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
}

/**
 * Precision / recall of the PII detectors on labelled fixtures (test/fixtures/pii/*.jsonl).
 *
 * Fixture line: {"id", "text", "spans": [{"kind", "text", "occurrence"?}], "note"?}. A label names
 * its text; it resolves to the first occurrence at or after the previous label of the same text
 * (or the `occurrence`-th, 1-based). A detected span counts as a true positive when kind, start and
 * end are exactly the label's ("exact"); "overlap" scoring also accepts same-kind spans that overlap.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { detectPii, type DetectOptions } from './detect.js';
import { PII_KINDS, type PiiKind, type PiiSpan } from './types.js';

export interface PiiFixture {
  id: string;
  text: string;
  spans: Array<{ kind: PiiKind; text: string; occurrence?: number }>;
  note?: string;
  /** file name without .jsonl (set by loadPiiFixtures) */
  file?: string;
}

export interface LabelledSpan {
  kind: PiiKind;
  start: number;
  end: number;
  text: string;
}

export interface KindScore {
  kind: PiiKind;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface PiiEvalResult {
  fixtures: number;
  exact: KindScore[];
  overlap: KindScore[];
  errors: Array<{ id: string; text: string; missed: LabelledSpan[]; spurious: PiiSpan[] }>;
}

export function loadPiiFixtures(dir: string): PiiFixture[] {
  const out: PiiFixture[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push({ ...(JSON.parse(line) as PiiFixture), file: f.replace(/\.jsonl$/, '') });
      } catch (err) {
        throw new Error(`${f}:${i + 1}: ${(err as Error).message}`);
      }
    });
  }
  return out;
}

export function resolveLabels(fx: PiiFixture): LabelledSpan[] {
  const nextFrom = new Map<string, number>();
  return fx.spans.map((s) => {
    let at = -1;
    if (s.occurrence !== undefined) {
      for (let k = 0, from = 0; k < s.occurrence; k++) {
        at = fx.text.indexOf(s.text, from);
        from = at + 1;
      }
    } else {
      at = fx.text.indexOf(s.text, nextFrom.get(s.text) ?? 0);
    }
    if (at < 0) throw new Error(`fixture ${fx.id}: label "${s.text}" not found in text`);
    nextFrom.set(s.text, at + s.text.length);
    return { kind: s.kind, start: at, end: at + s.text.length, text: s.text };
  });
}

function score(kind: PiiKind, tp: number, fp: number, fn: number): KindScore {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { kind, tp, fp, fn, precision, recall, f1 };
}

export function evaluatePii(fixtures: readonly PiiFixture[], options: DetectOptions = {}): PiiEvalResult {
  const counts = {
    exact: new Map<PiiKind, { tp: number; fp: number; fn: number }>(),
    overlap: new Map<PiiKind, { tp: number; fp: number; fn: number }>(),
  };
  for (const k of PII_KINDS) {
    counts.exact.set(k, { tp: 0, fp: 0, fn: 0 });
    counts.overlap.set(k, { tp: 0, fp: 0, fn: 0 });
  }
  const errors: PiiEvalResult['errors'] = [];
  for (const fx of fixtures) {
    const labels = resolveLabels(fx);
    const found = detectPii(fx.text, options);
    const missed: LabelledSpan[] = [];
    const spurious: PiiSpan[] = [];
    // exact
    const usedFound = new Set<number>();
    for (const l of labels) {
      const i = found.findIndex((f, j) => !usedFound.has(j) && f.kind === l.kind && f.start === l.start && f.end === l.end);
      if (i >= 0) {
        usedFound.add(i);
        counts.exact.get(l.kind)!.tp++;
      } else {
        counts.exact.get(l.kind)!.fn++;
        missed.push(l);
      }
    }
    found.forEach((f, j) => {
      if (!usedFound.has(j)) {
        counts.exact.get(f.kind)!.fp++;
        spurious.push(f);
      }
    });
    // overlap
    const usedO = new Set<number>();
    for (const l of labels) {
      const i = found.findIndex((f, j) => !usedO.has(j) && f.kind === l.kind && f.start < l.end && l.start < f.end);
      if (i >= 0) {
        usedO.add(i);
        counts.overlap.get(l.kind)!.tp++;
      } else counts.overlap.get(l.kind)!.fn++;
    }
    found.forEach((f, j) => {
      if (!usedO.has(j)) counts.overlap.get(f.kind)!.fp++;
    });
    if (missed.length || spurious.length) errors.push({ id: fx.id, text: fx.text, missed, spurious });
  }
  const list = (m: Map<PiiKind, { tp: number; fp: number; fn: number }>) =>
    PII_KINDS.map((k) => {
      const c = m.get(k)!;
      return score(k, c.tp, c.fp, c.fn);
    });
  return { fixtures: fixtures.length, exact: list(counts.exact), overlap: list(counts.overlap), errors };
}

/** Totals over all kinds (micro-averaged). */
export function microAverage(scores: readonly KindScore[]): KindScore & { kind: PiiKind } {
  const tp = scores.reduce((s, k) => s + k.tp, 0);
  const fp = scores.reduce((s, k) => s + k.fp, 0);
  const fn = scores.reduce((s, k) => s + k.fn, 0);
  return score('mobile', tp, fp, fn);
}

export function formatPiiTable(result: PiiEvalResult, title = 'PII detectors on '): string {
  const pct = (x: number) => (x * 100).toFixed(1).padStart(6);
  const lines = [`${title}${result.fixtures} labelled sentences (exact span match; overlap in brackets)`];
  lines.push('kind        labels   tp   fp   fn  precision    recall');
  result.exact.forEach((e, i) => {
    const o = result.overlap[i]!;
    if (e.tp + e.fp + e.fn === 0) return;
    lines.push(
      `${e.kind.padEnd(10)} ${String(e.tp + e.fn).padStart(7)} ${String(e.tp).padStart(4)} ${String(e.fp).padStart(4)} ${String(e.fn).padStart(4)}  ${pct(e.precision)}% [${pct(o.precision)}%] ${pct(e.recall)}% [${pct(o.recall)}%]`,
    );
  });
  const m = microAverage(result.exact);
  const mo = microAverage(result.overlap);
  lines.push(`${'all'.padEnd(10)} ${String(m.tp + m.fn).padStart(7)} ${String(m.tp).padStart(4)} ${String(m.fp).padStart(4)} ${String(m.fn).padStart(4)}  ${pct(m.precision)}% [${pct(mo.precision)}%] ${pct(m.recall)}% [${pct(mo.recall)}%]`);
  return lines.join('\n');
}

/** The text of the `pii` eval section: dev and held-out sets separately, then both. */
export function piiEvalReport(dir: string): { text: string; dev: PiiEvalResult; holdout: PiiEvalResult } {
  const all = loadPiiFixtures(dir);
  const dev = evaluatePii(all.filter((f) => f.file !== 'holdout'));
  const holdout = evaluatePii(all.filter((f) => f.file === 'holdout'));
  const text = [formatPiiTable(dev, 'development set: '), '', formatPiiTable(holdout, 'held-out set (not tuned on): ')].join('\n');
  return { text, dev, holdout };
}

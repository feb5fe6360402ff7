/**
 * Precision and recall of the personal-data detectors (src/security/pii) on our labelled
 * sentences, test/fixtures/pii/*.jsonl: realistic customer-service lines with labelled spans and
 * hard negatives (工号, 10086/95588, dates, amounts, models, tracking numbers…). A detected span is
 * a true positive when its kind, start and end equal a label's. The development files were used
 * while writing the detectors; `holdout.jsonl` was written before looking at their output and is
 * reported separately (`<kind>/holdout`). Disagreements list fixture ids only: never the text.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatePii, loadPiiFixtures, microAverage, type KindScore, type PiiEvalResult } from '../security/pii/evaluate.js';
import { metric, type EvalDisagreement, type EvalMetric, type EvalReport, type EvalSection } from './sections.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PII_FIXTURES = join(ROOT, 'test', 'fixtures', 'pii');

/** Targets on the development set (per kind with ≥ 5 labels) and on the totals. */
const DEV_TARGET = { precision: 0.95, recall: 0.85 };
const TOTAL_TARGET = { precision: 0.95, recall: 0.9 };
const HOLDOUT_TOTAL_TARGET = { precision: 0.9, recall: 0.85 };

function toMetric(name: string, k: KindScore, targets?: EvalMetric['targets']): EvalMetric {
  return metric(name, { tp: k.tp, fp: k.fp, fn: k.fn, tn: 0 }, targets);
}

function metricsOf(r: PiiEvalResult, suffix: string, perKindTarget: EvalMetric['targets'] | undefined, totalTarget: EvalMetric['targets']): EvalMetric[] {
  const out = r.exact.filter((k) => k.tp + k.fp + k.fn > 0).map((k) => toMetric(`${k.kind}${suffix}`, k, perKindTarget && k.tp + k.fn >= 5 ? perKindTarget : undefined));
  out.push(toMetric(`all${suffix}`, microAverage(r.exact), totalTarget));
  return out;
}

function disagreements(r: PiiEvalResult): EvalDisagreement[] {
  const out: EvalDisagreement[] = [];
  for (const e of r.errors) {
    for (const m of e.missed) out.push({ name: m.kind, id: e.id, label: true, predicted: false, note: `missed ${m.kind} at ${m.start}-${m.end}` });
    for (const s of e.spurious) out.push({ name: s.kind, id: e.id, label: false, predicted: true, note: `spurious ${s.kind} at ${s.start}-${s.end}` });
  }
  return out;
}

export const piiSection: EvalSection = {
  name: 'pii',
  async run(): Promise<EvalReport> {
    if (!existsSync(PII_FIXTURES)) return { section: 'pii', skipped: `no fixtures at ${PII_FIXTURES}`, metrics: [], disagreements: [] };
    const all = loadPiiFixtures(PII_FIXTURES);
    const dev = evaluatePii(all.filter((f) => f.file !== 'holdout'));
    const holdout = evaluatePii(all.filter((f) => f.file === 'holdout'));
    return {
      section: `pii (personal-data detectors; ${dev.fixtures} dev + ${holdout.fixtures} held-out sentences, exact spans)`,
      metrics: [...metricsOf(dev, '', DEV_TARGET, TOTAL_TARGET), ...metricsOf(holdout, '/holdout', undefined, HOLDOUT_TOTAL_TARGET)],
      disagreements: [...disagreements(dev), ...disagreements(holdout)],
    };
  },
};

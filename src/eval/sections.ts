/**
 * `npm run eval` is a list of sections, each measuring one part of Kefu against labelled data.
 * A section reads its own data and labels and returns a report; main prints them all.
 */

/** Precision/recall of one detector, the positive class being "a violation" (or "PII present"…). */
export interface EvalMetric {
  /** What is measured, e.g. a rule id. */
  name: string;
  /** Labelled items. */
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  accuracy: number;
  /** Targets this metric must meet (absent: reported only). */
  targets?: { precision?: number; recall?: number; accuracy?: number };
  /** True when every target is met. */
  pass: boolean;
}

/** One item where the detector and the label disagree (ids only: never the text). */
export interface EvalDisagreement {
  name: string;
  id: string;
  turn?: number;
  label: boolean;
  predicted: boolean;
  note?: string;
}

export interface EvalReport {
  section: string;
  /** Set when the section could not run (e.g. the data is absent); the reason is printed. */
  skipped?: string;
  metrics: EvalMetric[];
  disagreements: EvalDisagreement[];
}

export interface EvalSection {
  name: string;
  run(): Promise<EvalReport>;
}

export function metric(name: string, counts: { tp: number; fp: number; fn: number; tn: number }, targets?: EvalMetric['targets']): EvalMetric {
  const { tp, fp, fn, tn } = counts;
  const n = tp + fp + fn + tn;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const accuracy = n === 0 ? 1 : (tp + tn) / n;
  const pass =
    !targets ||
    ((targets.precision === undefined || precision >= targets.precision) &&
      (targets.recall === undefined || recall >= targets.recall) &&
      (targets.accuracy === undefined || accuracy >= targets.accuracy));
  const m: EvalMetric = { name, n, tp, fp, fn, tn, precision, recall, accuracy, pass };
  if (targets) m.targets = targets;
  return m;
}

/** Sections run by `npm run eval`, in order. Append new sections here. */
export async function sections(): Promise<EvalSection[]> {
  const { rulesSection } = await import('./rules.js');
  const { piiSection } = await import('./pii.js');
  return [rulesSection, piiSection];
}

/**
 * Findings become a score through a template. Rules that did not apply drop out: a dimension
 * whose rules all dropped out is left out and the rest is rescaled to 100, so "could not judge"
 * never counts as "passed".
 */
import type { DimensionScore, Finding } from '../engine/types.js';
import type { ScoringTemplate } from './template.js';

/** A reviewer's manual score item (人工加减分), applied to one dimension. */
export interface ManualScoreItem {
  dimensionId: string;
  /** Positive adds, negative deducts. */
  points: number;
  reason: string;
}

export interface ScoreResult {
  score: number;
  passed: boolean;
  fatal: string[];
  dimensions: DimensionScore[];
}

export function scoreConversation(
  template: ScoringTemplate,
  findings: readonly Finding[],
  applicable: (ruleId: string) => boolean,
  manual: readonly ManualScoreItem[] = [],
): ScoreResult {
  const countByRule = new Map<string, { warn: number; error: number }>();
  for (const f of findings) {
    const c = countByRule.get(f.ruleId) ?? { warn: 0, error: 0 };
    c[f.severity]++;
    countByRule.set(f.ruleId, c);
  }

  const fatal: string[] = [];
  const dimensions: DimensionScore[] = [];
  for (const dim of template.dimensions) {
    const live = dim.items.filter((item) => applicable(item.ruleId));
    const manualHere = manual.filter((m) => m.dimensionId === dim.id);
    const isApplicable = live.length > 0 || manualHere.length > 0;
    const add = dim.mode === 'add';
    let score = add ? 0 : dim.points;
    for (const item of live) {
      const c = countByRule.get(item.ruleId);
      const n = c ? (item.minSeverity === 'error' ? c.error : c.warn + c.error) : 0;
      if (n === 0) continue;
      if (item.fatal) fatal.push(item.ruleId);
      const delta = Math.min(n * item.points, item.cap ?? dim.points);
      score += add ? delta : -delta;
    }
    for (const m of manualHere) score += m.points;
    dimensions.push({ id: dim.id, name: dim.name, score: clamp(score, 0, dim.points), max: dim.points, applicable: isApplicable });
  }

  const counted = dimensions.filter((d) => d.applicable);
  const max = counted.reduce((sum, d) => sum + d.max, 0);
  const raw = max === 0 ? 100 : (counted.reduce((sum, d) => sum + d.score, 0) / max) * 100;
  const score = fatal.length > 0 ? 0 : Math.round(raw * 10) / 10;
  return { score, passed: score >= template.passMark && fatal.length === 0, fatal: [...new Set(fatal)], dimensions };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

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
  // Runs once per conversation for every inspection: plain loops, no intermediate arrays.
  let max = 0;
  let sum = 0;
  for (const dim of template.dimensions) {
    const add = dim.mode === 'add';
    let isApplicable = false;
    let score = add ? 0 : dim.points;
    for (const item of dim.items) {
      if (!applicable(item.ruleId)) continue;
      isApplicable = true;
      const c = countByRule.get(item.ruleId);
      const n = c ? (item.minSeverity === 'error' ? c.error : c.warn + c.error) : 0;
      if (n === 0) continue;
      if (item.fatal && !fatal.includes(item.ruleId)) fatal.push(item.ruleId);
      const delta = Math.min(n * item.points, item.cap ?? dim.points);
      score += add ? delta : -delta;
    }
    for (const m of manual) {
      if (m.dimensionId !== dim.id) continue;
      isApplicable = true;
      score += m.points;
    }
    const dimension: DimensionScore = { id: dim.id, name: dim.name, score: clamp(score, 0, dim.points), max: dim.points, applicable: isApplicable };
    dimensions.push(dimension);
    if (isApplicable) {
      max += dimension.max;
      sum += dimension.score;
    }
  }

  const raw = max === 0 ? 100 : (sum / max) * 100;
  const score = fatal.length > 0 ? 0 : Math.round(raw * 10) / 10;
  return { score, passed: score >= template.passMark && fatal.length === 0, fatal, dimensions };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/**
 * A running summary of an inspection run: constant memory however many conversations stream by.
 */
import type { ConversationResult } from '../engine/types.js';

export interface RunSummary {
  conversations: number;
  passed: number;
  fatal: number;
  invalidRecords: number;
  findings: number;
  meanScore: number;
  findingsByRule: Array<{ ruleId: string; count: number; conversations: number }>;
  /** Ten buckets: [0,10), [10,20) … [90,100]. */
  scoreHistogram: number[];
  notApplicableByRule: Array<{ ruleId: string; count: number }>;
}

export class SummaryBuilder {
  private conversations = 0;
  private passed = 0;
  private fatal = 0;
  private findings = 0;
  private scoreSum = 0;
  private readonly byRule = new Map<string, { count: number; conversations: number }>();
  private readonly notApplicable = new Map<string, number>();
  private readonly histogram = new Array<number>(10).fill(0);
  invalidRecords = 0;

  add(result: ConversationResult): void {
    this.conversations++;
    if (result.passed) this.passed++;
    if (result.fatal && result.fatal.length > 0) this.fatal++;
    this.scoreSum += result.score;
    this.histogram[Math.min(9, Math.floor(result.score / 10))]!++;
    this.findings += result.findings.length;
    const seen = new Set<string>();
    for (const f of result.findings) {
      const entry = this.byRule.get(f.ruleId) ?? { count: 0, conversations: 0 };
      entry.count++;
      if (!seen.has(f.ruleId)) entry.conversations++;
      seen.add(f.ruleId);
      this.byRule.set(f.ruleId, entry);
    }
    for (const id of result.notApplicable) this.notApplicable.set(id, (this.notApplicable.get(id) ?? 0) + 1);
  }

  build(): RunSummary {
    return {
      conversations: this.conversations,
      passed: this.passed,
      fatal: this.fatal,
      invalidRecords: this.invalidRecords,
      findings: this.findings,
      meanScore: this.conversations === 0 ? 0 : Math.round((this.scoreSum / this.conversations) * 10) / 10,
      findingsByRule: [...this.byRule].map(([ruleId, v]) => ({ ruleId, ...v })).sort((a, b) => b.count - a.count),
      scoreHistogram: [...this.histogram],
      notApplicableByRule: [...this.notApplicable].map(([ruleId, count]) => ({ ruleId, count })).sort((a, b) => b.count - a.count),
    };
  }
}

/** Chinese speaker labels used by the reports. */
export const ROLE_LABEL: Readonly<Record<string, string>> = { agent: '客服', customer: '客户', bot: '机器人', system: '系统' };

export function histogramLabel(bucket: number): string {
  return bucket === 9 ? '90-100' : `${bucket * 10}-${bucket * 10 + 9}`;
}

/**
 * The machine format: one line per conversation with exactly these keys, in this order, so
 * downstream tools can rely on them. `suggestion` is null when a rule offers none.
 */
import type { ConversationResult } from '../../engine/types.js';

export function toJsonRecord(result: ConversationResult) {
  return {
    id: result.id,
    channel: result.channel,
    score: result.score,
    passed: result.passed,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      turn: f.turn,
      start: f.start,
      end: f.end,
      text: f.text,
      message: f.message,
      suggestion: f.suggestion ?? null,
    })),
    notApplicable: result.notApplicable,
  };
}

export function formatJsonLine(result: ConversationResult): string {
  return `${JSON.stringify(toJsonRecord(result))}\n`;
}

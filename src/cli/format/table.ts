/**
 * The readable Chinese report: each conversation with its score and findings, the evidence
 * highlighted inside its turn (ANSI colour on a terminal, 【】 brackets otherwise).
 */
import type { Conversation } from '../../conversation/model.js';
import type { ConversationResult } from '../../engine/types.js';
import { histogramLabel, ROLE_LABEL, type RunSummary } from '../summary.js';

export interface TableStyle {
  color: boolean;
}

function paint(style: TableStyle, code: string, text: string): string {
  return style.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function highlight(text: string, start: number, end: number, style: TableStyle): string {
  const before = text.slice(Math.max(0, start - 20), start);
  const after = text.slice(end, end + 20);
  const evidence = style.color ? paint(style, '1;31', text.slice(start, end)) : `【${text.slice(start, end)}】`;
  return `${start > 20 ? '…' : ''}${before}${evidence}${after}${end + 20 < text.length ? '…' : ''}`;
}

export function formatConversationTable(conversation: Conversation, result: ConversationResult, style: TableStyle): string {
  const verdict = result.passed ? paint(style, '32', '合格') : paint(style, '31', '不合格');
  const fatal = result.fatal?.length ? paint(style, '1;31', ` 致命项：${result.fatal.join('、')}`) : '';
  const lines = [`${paint(style, '1', `会话 ${result.id}`)}（${result.channel}）得分 ${result.score} ${verdict}${fatal}`];
  for (const f of result.findings) {
    const turn = conversation.turns[f.turn];
    const level = f.severity === 'error' ? paint(style, '31', '错误') : paint(style, '33', '警告');
    lines.push(`  ${level} 第${f.turn + 1}句 ${ROLE_LABEL[turn?.role ?? ''] ?? ''} [${f.ruleId}] ${f.message}`);
    if (turn) lines.push(`      ${highlight(turn.text, f.start, f.end, style)}`);
    if (f.suggestion) lines.push(`      ${paint(style, '36', `建议：${f.suggestion}`)}`);
  }
  if (result.notApplicable.length) lines.push(paint(style, '2', `  不适用：${result.notApplicable.join('、')}`));
  return `${lines.join('\n')}\n\n`;
}

export function formatSummaryTable(summary: RunSummary, style: TableStyle): string {
  const lines = [paint(style, '1', '== 汇总 ==')];
  lines.push(`会话 ${summary.conversations} 条，合格 ${summary.passed} 条，致命 ${summary.fatal} 条，平均分 ${summary.meanScore}，问题 ${summary.findings} 个`);
  if (summary.invalidRecords) lines.push(paint(style, '33', `无效记录 ${summary.invalidRecords} 条（已跳过）`));
  if (summary.findingsByRule.length) {
    lines.push('按规则：');
    for (const r of summary.findingsByRule) lines.push(`  ${r.ruleId.padEnd(34)} ${String(r.count).padStart(7)} 次  ${String(r.conversations).padStart(6)} 条会话`);
  }
  const max = Math.max(1, ...summary.scoreHistogram);
  lines.push('分数分布：');
  summary.scoreHistogram.forEach((count, bucket) => {
    lines.push(`  ${histogramLabel(bucket).padStart(6)} ${'█'.repeat(Math.round((count / max) * 30)).padEnd(30)} ${count}`);
  });
  return `${lines.join('\n')}\n`;
}

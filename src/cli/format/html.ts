/**
 * A self-contained HTML report a manager can open from disk: written as a stream (constant
 * memory), with the summary placed first visually by CSS although it is written last.
 */
import type { Conversation } from '../../conversation/model.js';
import type { ConversationResult } from '../../engine/types.js';
import { histogramLabel, ROLE_LABEL, type RunSummary } from '../summary.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function htmlHeader(title: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;background:#f5f6f8;color:#1f2328}
main{display:flex;flex-direction:column;max-width:1000px;margin:0 auto;padding:16px}
#summary{order:-1}
section{background:#fff;border-radius:8px;padding:12px 16px;margin:8px 0;box-shadow:0 1px 2px #0002}
h1{font-size:20px}h2{font-size:16px;margin:4px 0}
.fail{color:#c62828}.pass{color:#2e7d32}
.turn{margin:4px 0;padding:6px 10px;border-radius:6px;background:#f0f2f5;white-space:pre-wrap}
.turn.agent{background:#e8f1fd}
mark{background:#ffcdd2;border-bottom:2px solid #c62828}
.finding{font-size:14px;margin:2px 0 2px 12px}.error{color:#c62828}.warn{color:#b26a00}
.suggest{color:#00695c}
table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left}
.bar{display:inline-block;height:10px;background:#5c6bc0}
</style></head><body><main><h1>${escapeHtml(title)}</h1>
`;
}

function markTurn(text: string, spans: Array<[number, number]>): string {
  const sorted = spans.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of sorted) {
    if (s < at) continue;
    out += `${escapeHtml(text.slice(at, s))}<mark>${escapeHtml(text.slice(s, e))}</mark>`;
    at = e;
  }
  return out + escapeHtml(text.slice(at));
}

export function htmlConversation(conversation: Conversation, result: ConversationResult): string {
  const spans = new Map<number, Array<[number, number]>>();
  for (const f of result.findings) {
    // Whole-turn findings would bury the exact phrases: only mark spans shorter than the turn.
    const len = conversation.turns[f.turn]?.text.length ?? 0;
    if (f.end - f.start < len) spans.set(f.turn, [...(spans.get(f.turn) ?? []), [f.start, f.end]]);
  }
  const turns = conversation.turns
    .map((t, i) => {
      const time = t.start !== undefined ? `[${Math.floor(t.start / 60)}:${String(Math.floor(t.start % 60)).padStart(2, '0')}] ` : '';
      const findings = result.findings
        .filter((f) => f.turn === i)
        .map(
          (f) =>
            `<div class="finding ${f.severity}">[${escapeHtml(f.ruleId)}] ${escapeHtml(f.message)}${f.suggestion ? ` <span class="suggest">建议：${escapeHtml(f.suggestion)}</span>` : ''}</div>`,
        )
        .join('');
      return `<div class="turn ${t.role}">${time}<b>${ROLE_LABEL[t.role] ?? t.role}：</b>${markTurn(t.text, spans.get(i) ?? [])}</div>${findings}`;
    })
    .join('\n');
  const verdict = result.passed ? '<span class="pass">合格</span>' : '<span class="fail">不合格</span>';
  const fatal = result.fatal?.length ? ` <span class="fail">致命项：${escapeHtml(result.fatal.join('、'))}</span>` : '';
  return `<section id="c-${escapeHtml(result.id)}"><h2>${escapeHtml(result.id)}（${result.channel}）得分 ${result.score} ${verdict}${fatal}</h2>\n${turns}</section>\n`;
}

export function htmlFooter(summary: RunSummary): string {
  const max = Math.max(1, ...summary.scoreHistogram);
  const rules = summary.findingsByRule.map((r) => `<tr><td>${escapeHtml(r.ruleId)}</td><td>${r.count}</td><td>${r.conversations}</td></tr>`).join('');
  const histogram = summary.scoreHistogram
    .map((n, b) => `<tr><td>${histogramLabel(b)}</td><td><span class="bar" style="width:${Math.round((n / max) * 300)}px"></span> ${n}</td></tr>`)
    .join('');
  return `<section id="summary"><h2>汇总</h2>
<p>会话 ${summary.conversations} 条，合格 ${summary.passed} 条，致命 ${summary.fatal} 条，平均分 ${summary.meanScore}，问题 ${summary.findings} 个${summary.invalidRecords ? `，无效记录 ${summary.invalidRecords} 条` : ''}</p>
<table><tr><th>规则</th><th>次数</th><th>会话数</th></tr>${rules}</table>
<h2>分数分布</h2><table>${histogram}</table></section>
</main></body></html>
`;
}

/** Components render from props alone (server-side render, no browser needed). */
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SlaClock } from '../../src/web/components/SlaClock.js';
import { KpiTile, kpiStatus } from '../../src/web/components/KpiTile.js';
import { ChatTranscript } from '../../src/web/components/ChatTranscript.js';
import { intervalOption } from '../../src/web/components/IntervalChart.js';
import { describeAuditDetails as describeAudit } from '../../src/web/components/HistoryList.js';
import type { Conversation, StoredFinding } from '../../src/web/api/types.js';

describe('SlaClock', () => {
  const now = Date.now();
  const level = (html: string) => /data-level="(\w+)"/.exec(html)?.[1];

  it('colours by the share of the window left', () => {
    expect(level(renderToStaticMarkup(h(SlaClock, { dueAt: now + 90 * 60_000, windowSeconds: 7200 })))).toBe('ok');
    expect(level(renderToStaticMarkup(h(SlaClock, { dueAt: now + 40 * 60_000, windowSeconds: 7200 })))).toBe('warn');
    expect(level(renderToStaticMarkup(h(SlaClock, { dueAt: now + 10 * 60_000, windowSeconds: 7200 })))).toBe('due');
    const late = renderToStaticMarkup(h(SlaClock, { dueAt: new Date(now - 65_000).toISOString(), label: '首次响应' }));
    expect(level(late)).toBe('breached');
    expect(late).toContain('超时 01:0');
    expect(late).toContain('role="timer"');
  });

  it('freezes when stopped', () => {
    const html = renderToStaticMarkup(h(SlaClock, { dueAt: now + 3600_000, stoppedAt: now, windowSeconds: 86400 }));
    expect(html).toContain('已按时完成');
    expect(html).toContain('剩余 01:00:00');
  });
});

describe('KpiTile', () => {
  it('shows the value against its target', () => {
    expect(kpiStatus(0.83, 0.8, 'higher')).toBe('met');
    expect(kpiStatus(24, 20, 'lower')).toBe('missed');
    expect(kpiStatus(null, 20, 'lower')).toBe('none');
    const html = renderToStaticMarkup(h(KpiTile, { label: '平均应答时间', value: 24, unit: '秒', target: 20, better: 'lower' }));
    expect(html).toContain('data-status="missed"');
    expect(html).toContain('目标 ≤ 20秒');
    expect(html).toContain('未达标');
  });
});

describe('IntervalChart', () => {
  it('puts the target line on the first series', () => {
    const option = intervalOption({
      intervals: ['09:00', '09:30'],
      series: [
        { name: '服务水平', kind: 'line', values: [0.7, 0.9] },
        { name: '话务量', kind: 'bar', values: [30, 40] },
      ],
      target: { value: 0.8, label: '目标 80%' },
    }) as { series: { type: string; markLine?: unknown }[] };
    expect(option.series.map((s) => s.type)).toEqual(['line', 'bar']);
    expect(option.series[0]!.markLine).toBeDefined();
    expect(option.series[1]!.markLine).toBeUndefined();
  });
});

describe('ChatTranscript', () => {
  const conversation: Conversation = {
    id: 'call-1',
    channel: 'call',
    turns: [
      { role: 'agent', text: '喂，说话呀。', start: 0 },
      { role: 'customer', text: '我想问一下流量包怎么退订。', start: 3 },
      { role: 'agent', text: '不行的哦，系统弄不了。', start: 87 },
    ],
  };
  const finding: StoredFinding = {
    id: 'f1',
    ruleId: 'forbidden-phrases',
    severity: 'error',
    turn: 2,
    start: 0,
    end: 4,
    text: '不行的哦',
    message: '使用了服务禁语',
    suggestion: '很抱歉，这个我帮您再确认一下',
    status: 'open',
  };

  it('shows call times and highlights evidence in place with its rule, message and suggestion', () => {
    const html = renderToStaticMarkup(
      h(ChatTranscript, { conversation, findings: [finding], rules: new Map(), selectedId: undefined, onSelect: () => undefined }),
    );
    expect(html).toContain('[00:00]');
    expect(html).toContain('[01:27]');
    expect(html).toMatch(/<mark[^>]*id="evidence-f1"[^>]*>不行的哦<\/mark>/);
    expect(html).toContain('，系统弄不了。');
    expect(html).toContain('使用了服务禁语');
    expect(html).toContain('建议：很抱歉，这个我帮您再确认一下');
    expect(html).toContain('class="turn turn-agent"');
  });
});

describe('HistoryList', () => {
  it('describes audit details in Chinese', () => {
    expect(describeAudit({ decision: 'confirm', comment: '确属服务禁语', score: 63.33 })).toBe('确认 · 确属服务禁语 · 得分 63.3');
    expect(describeAudit({ points: -2, reason: '未核实身份' })).toBe('未核实身份 · -2 分');
    expect(describeAudit(undefined)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { AuditLog, MemoryAuditSink, verifyChain } from '../../src/security/audit.js';
import { tokenize } from '../../src/security/pii/mask.js';
import { eraseDataSubject, exportDataSubject, retentionCutoff, SubjectError, runRetentionPurge, scheduleRetentionPurge, validateRetentionDays, type PrivacyStore } from '../../src/security/retention.js';

const KEY = Buffer.alloc(32, 3);
interface Conv {
  id: string;
  tenantId: string;
  startedAt: Date;
  customerId?: string;
  phoneToken?: string;
  turns: string[];
}

class MemoryPrivacyStore implements PrivacyStore {
  constructor(
    public convs: Conv[],
    public settings: Array<{ tenantId: string; retentionDays: number | null }>,
  ) {}
  async retentionSettings() {
    return this.settings;
  }
  async purgeConversationsBefore(tenantId: string, cutoff: Date, limit: number) {
    const victims = this.convs.filter((c) => c.tenantId === tenantId && c.startedAt < cutoff).slice(0, limit);
    this.convs = this.convs.filter((c) => !victims.includes(c));
    return victims.length;
  }
  async findSubjectConversations(tenantId: string, q: { customerId?: string; phoneToken?: string }) {
    return this.convs.filter((c) => c.tenantId === tenantId && ((q.customerId && c.customerId === q.customerId) || (q.phoneToken && c.phoneToken === q.phoneToken))).map((c) => c.id);
  }
  async exportConversations(tenantId: string, ids: readonly string[]) {
    return this.convs.filter((c) => c.tenantId === tenantId && ids.includes(c.id));
  }
  async eraseConversations(tenantId: string, ids: readonly string[], mode: 'delete' | 'redact') {
    const hit = this.convs.filter((c) => c.tenantId === tenantId && ids.includes(c.id));
    const turns = hit.reduce((n, c) => n + c.turns.length, 0);
    if (mode === 'delete') this.convs = this.convs.filter((c) => !hit.includes(c));
    else for (const c of hit) Object.assign(c, { customerId: undefined, phoneToken: undefined, turns: c.turns.map((t) => t.replace(/\S/g, '*')) });
    return { conversations: hit.length, turns };
  }
}

const day = 86_400_000;
const now = new Date('2026-03-02T00:00:00Z');
function store() {
  const phoneToken = tokenize('13812345678', KEY);
  return new MemoryPrivacyStore(
    [
      { id: 'a1', tenantId: 'A', startedAt: new Date(now.getTime() - 400 * day), customerId: 'cust-1', turns: ['你好', '我的电话13812345678'] },
      { id: 'a2', tenantId: 'A', startedAt: new Date(now.getTime() - 10 * day), phoneToken, turns: ['还是我'] },
      { id: 'a3', tenantId: 'A', startedAt: new Date(now.getTime() - 5 * day), customerId: 'cust-2', turns: ['别人'] },
      { id: 'b1', tenantId: 'B', startedAt: new Date(now.getTime() - 400 * day), customerId: 'cust-1', phoneToken, turns: ['B 租户'] },
    ],
    [
      { tenantId: 'A', retentionDays: 365 },
      { tenantId: 'B', retentionDays: null },
    ],
  );
}

describe('retention', () => {
  it('validates the period', () => {
    expect(validateRetentionDays(180)).toBe(180);
    expect(validateRetentionDays(null)).toBeNull();
    expect(() => validateRetentionDays(0)).toThrow(RangeError);
    expect(() => validateRetentionDays(1.5)).toThrow(RangeError);
    expect(() => validateRetentionDays('30')).toThrow(RangeError);
    expect(retentionCutoff(now, 1).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
  it('purges per tenant in batches and audits the run', async () => {
    const s = store();
    const sink = new MemoryAuditSink();
    const reports = await runRetentionPurge(s, new AuditLog(sink), { now, batchSize: 1 });
    expect(reports).toEqual([{ tenantId: 'A', cutoff: '2025-03-02T00:00:00.000Z', purged: 1 }]);
    expect(s.convs.map((c) => c.id)).toEqual(['a2', 'a3', 'b1']); // B keeps everything
    expect(sink.entries).toHaveLength(1);
    expect(sink.entries[0]).toMatchObject({ action: 'retention.purge', tenantId: 'A', details: { conversations: 1 } });
  });
});

describe('purge schedule', () => {
  // the schedule purges relative to the real clock
  const live = () =>
    new MemoryPrivacyStore(
      [
        { id: 'old', tenantId: 'A', startedAt: new Date(Date.now() - 400 * day), turns: ['去年的对话'] },
        { id: 'new', tenantId: 'A', startedAt: new Date(), turns: ['今天的对话'] },
        { id: 'b-old', tenantId: 'B', startedAt: new Date(Date.now() - 400 * day), turns: ['B 租户'] },
      ],
      [
        { tenantId: 'A', retentionDays: 365 },
        { tenantId: 'B', retentionDays: null },
      ],
    );
  it('runs first after firstRunMs, then on the interval, until stopped', async () => {
    const s = live();
    const read = s.retentionSettings.bind(s);
    let runs = 0;
    s.retentionSettings = async () => {
      runs++;
      return read();
    };
    const sink = new MemoryAuditSink();
    const stop = scheduleRetentionPurge(s, new AuditLog(sink), { firstRunMs: 5, intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 80));
    await stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    // purged by the first run; later runs find nothing and are not audited
    expect(s.convs.map((c) => c.id)).toEqual(['new', 'b-old']);
    expect(sink.entries.map((e) => e.action)).toEqual(['retention.purge']);
    const after = runs;
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(after);
  });
  it('stop waits for a run in progress, which deletes nothing more once stopped', async () => {
    const s = live();
    const read = s.retentionSettings.bind(s);
    let finished = false;
    s.retentionSettings = async () => {
      await new Promise((r) => setTimeout(r, 30));
      finished = true;
      return read();
    };
    const stop = scheduleRetentionPurge(s, new AuditLog(new MemoryAuditSink()), { firstRunMs: 1 });
    await new Promise((r) => setTimeout(r, 10));
    await stop();
    expect(finished).toBe(true);
    expect(s.convs).toHaveLength(3);
  });
  it('rejects an interval Node timers cannot hold', () => {
    expect(() => scheduleRetentionPurge(live(), new AuditLog(new MemoryAuditSink()), { intervalMs: 30 * 86_400_000 })).toThrow(RangeError);
  });
});

describe('data-subject requests', () => {
  const ctx = { tenantId: 'A', actor: { userId: 'm1', username: 'manager', role: 'manager' }, tokenKey: KEY, reason: '工单 T-1' };
  it('exports by customer id or phone, only within the tenant, audited without the clear phone', async () => {
    const s = store();
    const sink = new MemoryAuditSink();
    const r = await exportDataSubject(s, new AuditLog(sink), ctx, { customerId: 'cust-1', phone: '138 1234 5678' });
    expect((r.conversations as Conv[]).map((c) => c.id).sort()).toEqual(['a1', 'a2']);
    expect(sink.entries[0]).toMatchObject({ action: 'privacy.export', tenantId: 'A', details: { conversations: 2, reason: '工单 T-1' } });
    expect(JSON.stringify(sink.entries)).not.toContain('13812345678');
    await expect(exportDataSubject(s, new AuditLog(sink), ctx, {})).rejects.toThrow(/customerId or a phone/);
  });
  it('refuses a phone that is not a number, naming the field; without a token key the number is looked up and audited masked', async () => {
    const s = store();
    const sink = new MemoryAuditSink();
    const err = await exportDataSubject(s, new AuditLog(sink), ctx, { phone: '5678' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SubjectError);
    expect(err).toMatchObject({ field: 'phone' });
    await expect(eraseDataSubject(s, new AuditLog(sink), ctx, { phone: '客服热线' })).rejects.toThrow(/phone must be a phone number/);
    expect(sink.entries).toEqual([]);

    const queries: unknown[] = [];
    const find = s.findSubjectConversations.bind(s);
    s.findSubjectConversations = async (tenantId, q) => {
      queries.push(q);
      return find(tenantId, q);
    };
    const r = await exportDataSubject(s, new AuditLog(sink), { ...ctx, tokenKey: undefined }, { phone: '+86 138-1234-5678' });
    expect(queries).toEqual([{ phone: '13812345678' }]);
    expect(r.subject).toEqual({ phone: '138****5678' });
    expect(sink.entries[0]).toMatchObject({ target: { type: 'data_subject', id: '138****5678' }, details: { subject: { phone: '138****5678' } } });
  });
  it('erases (redact or delete), audited, other tenants untouched', async () => {
    const s = store();
    const sink = new MemoryAuditSink();
    const log = new AuditLog(sink);
    const r = await eraseDataSubject(s, log, ctx, { customerId: 'cust-1' }, 'redact');
    expect(r).toMatchObject({ conversations: 1, turns: 2, mode: 'redact' });
    expect(s.convs.find((c) => c.id === 'a1')!.turns.join('')).not.toMatch(/138/);
    const d = await eraseDataSubject(s, log, ctx, { phone: '+86 13812345678' }, 'delete');
    expect(d.conversations).toBe(1);
    expect(s.convs.map((c) => c.id)).toEqual(['a1', 'a3', 'b1']);
    expect(s.convs.find((c) => c.id === 'b1')!.customerId).toBe('cust-1');
    expect(sink.entries.map((e) => e.action)).toEqual(['privacy.erase', 'privacy.erase']);
    expect(verifyChain(sink.entries).ok).toBe(true);
  });
});

import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AuditLog, MemoryAuditSink } from '../../src/security/audit.js';
import { MemoryAuthStore, newApiToken, sha256hex } from '../../src/security/auth-store.js';
import { securityPlugin } from '../../src/security/plugin.js';
import { maskConversation, maskFindings } from '../../src/security/redact.js';
import { revealRoutes } from '../../src/security/reveal.js';
import type { Conversation } from '../../src/conversation/model.js';

const conv: Conversation = {
  id: 'c1',
  channel: 'chat',
  agentId: 'ag1',
  customerId: '13812345678',
  turns: [
    { role: 'customer', text: '我姓王，电话13812345678，地址北京市朝阳区建国路88号' },
    { role: 'agent', text: '好的王女士，已为您登记<script>alert(1)</script>' },
  ],
};

async function build() {
  const store = new MemoryAuthStore();
  const sink = new MemoryAuditSink();
  const audit = new AuditLog(sink);
  const tokens: Record<string, string> = {};
  for (const [role, tenant] of [['supervisor', 'A'], ['qa', 'A'], ['manager', 'B']] as const) {
    store.addUser({ id: `u-${role}`, tenantId: tenant, username: role, role, passwordHash: null });
    const t = newApiToken();
    await store.createApiToken({ id: t.id, userId: `u-${role}`, name: 't', secretHash: sha256hex(t.secret), scopes: null, createdAt: new Date(), expiresAt: null });
    tokens[role] = t.token;
  }
  const app = Fastify();
  await app.register(securityPlugin, { store, audit });
  await app.register(revealRoutes, { audit, loadConversation: async (p, id) => (p.tenantId === 'A' && id === 'c1' ? conv : undefined) });
  await app.ready();
  return { app, sink, tokens };
}

describe('masking responses', () => {
  it('masks turns, a customer id that is a phone number, finding excerpts by offset', () => {
    const m = maskConversation(conv);
    expect(m.turns[0]!.text).toBe('我姓王，电话138****5678，地址北京市朝阳区******');
    expect(m.customerId).toBe('138****5678');
    const finding = { turn: 0, start: 6, end: 17, text: '13812345678' };
    expect(maskFindings([finding], m.turns)[0]!.text).toBe('138****5678');
    expect(conv.turns[0]!.text).toContain('13812345678'); // the original is untouched
  });
});

describe('POST /conversations/:id/reveal', () => {
  it('needs pii:reveal and a reason, is audited before anything is shown, stays in the tenant', async () => {
    const { app, sink, tokens } = await build();
    const post = (role: string, payload: unknown, id = 'c1') => app.inject({ method: 'POST', url: `/conversations/${id}/reveal`, headers: { authorization: `Bearer ${tokens[role]}` }, payload: payload as object });
    expect((await post('qa', { reason: '复核投诉' })).statusCode).toBe(403);
    expect((await post('supervisor', {})).statusCode).toBe(400);
    const r = await post('supervisor', { reason: '客户投诉复核 T-1' });
    expect(r.statusCode).toBe(200);
    expect(r.json().conversation.turns[0].text).toContain('13812345678');
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(sink.entries).toHaveLength(1);
    expect(sink.entries[0]).toMatchObject({ action: 'pii.reveal', tenantId: 'A', actor: { userId: 'u-supervisor' }, target: { type: 'conversation', id: 'c1' }, details: { reason: '客户投诉复核 T-1' } });
    expect((sink.entries[0]!.details as { kinds: string[] }).kinds).toEqual(['address', 'mobile', 'name']);
    expect(JSON.stringify(sink.entries)).not.toContain('13812345678');
    expect((await post('manager', { reason: 'other tenant' })).statusCode).toBe(404);
  });
});

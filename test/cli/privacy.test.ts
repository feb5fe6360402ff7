/** `kefu privacy export / erase` over a SQLite store: the subject's conversations only, this tenant only, audited with the CLI actor. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPrivacyCommands } from '../../src/cli/privacy.js';
import { runCommand } from './run-command.js';
import type { Conversation } from '../../src/conversation/model.js';
import { verifyChain } from '../../src/security/audit.js';
import { openStore } from '../../src/store/index.js';

const PHONE = '13812345678';

function privacy(args: string[]) {
  return runCommand(registerPrivacyCommands, 'privacy', args);
}

function conversations(tenant: string): Conversation[] {
  return [
    {
      id: `${tenant}-1`,
      channel: 'chat',
      agentId: 'a1',
      customerId: 'c-001',
      startedAt: '2026-03-01T09:30:00Z',
      turns: [
        { role: 'customer', text: `你好，我的手机号是${PHONE}，快递三天了还没到` },
        { role: 'agent', text: `您好，手机号${PHONE}的订单已经在派送中，今天下午送达` },
      ],
    },
    {
      id: `${tenant}-2`,
      channel: 'call',
      agentId: 'a2',
      startedAt: '2026-03-02T14:00:00Z',
      turns: [
        { role: 'customer', text: '我是上次那个 138-1234-5678 的客户，发票还没开' },
        { role: 'agent', text: '好的，我马上帮您催一下财务' },
      ],
    },
    {
      id: `${tenant}-3`,
      channel: 'chat',
      agentId: 'a1',
      customerId: 'c-002',
      startedAt: '2026-03-03T10:00:00Z',
      turns: [{ role: 'customer', text: '我想把收货电话改成13900001111' }],
    },
  ];
}

describe('kefu privacy', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-privacy-cli-'));
  const db = path.join(dir, 'kefu.db');
  const audit = async () => {
    const store = await openStore({ location: db });
    try {
      return await store.audit.all();
    } finally {
      await store.close();
    }
  };
  const load = async (tenant: string, ids: string[]) => {
    const store = await openStore({ location: db });
    try {
      return await store.conversations.load(tenant, ids);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    const store = await openStore({ location: db });
    for (const tenant of ['acme', 'globex']) {
      await store.auth.ensureTenant(tenant);
      const imp = await store.imports.create(tenant, { fileName: 'p.jsonl', format: 'jsonl' }, null);
      await store.imports.writeChunk(tenant, imp, conversations(tenant), []);
    }
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses usage errors before touching anything', async () => {
    expect((await privacy(['export', '--tenant', 'acme', '--db', db])).err).toMatch(/--customer <id> or --phone <number>/);
    const nobody = await privacy(['export', '--tenant', 'nobody', '--customer', 'c-001', '--db', db]);
    expect(nobody.code).toBe(2);
    expect(nobody.err).toMatch(/no tenant "nobody"/);
    const badPhone = await privacy(['export', '--tenant', 'acme', '--phone', '5678', '--db', db]);
    expect(badPhone.code).toBe(2);
    expect(badPhone.err).toMatch(/phone must be a phone number/);
    const noYes = await privacy(['erase', '--tenant', 'acme', '--customer', 'c-001', '--mode', 'delete', '--db', db]);
    expect(noYes.code).toBe(2);
    expect(noYes.err).toMatch(/add --yes/);
    const noMode = await privacy(['erase', '--tenant', 'acme', '--customer', 'c-001', '--yes', '--db', db]);
    expect(noMode.code).toBe(1);
    expect(noMode.err).toMatch(/--mode/);
    const badMode = await privacy(['erase', '--tenant', 'acme', '--customer', 'c-001', '--mode', 'wipe', '--yes', '--db', db]);
    expect(badMode.err).toMatch(/Allowed choices are delete, redact/);
    expect(await audit()).toEqual([]);
    expect(await load('acme', ['acme-1', 'acme-2', 'acme-3'])).toHaveLength(3);
  });

  it('exports to a 0600 file the customer\'s conversations in clear text, audited; never overwrites a file', async () => {
    const file = path.join(dir, 'c-001.json');
    const r = await privacy(['export', '--tenant', 'acme', '--customer', 'c-001', '--reason', '工单 T-88', '--out', file, '--db', db]);
    expect(r.code).toBeUndefined();
    expect(r.out).toMatch(/tenant acme: 1 conversations exported \(audit #1\) to .*c-001\.json/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.subject).toEqual({ customerId: 'c-001' });
    expect(exported.conversations.map((c: Conversation) => c.id)).toEqual(['acme-1']);
    expect(exported.conversations[0].turns[0].text).toBe(`你好，我的手机号是${PHONE}，快递三天了还没到`);

    const again = await privacy(['export', '--tenant', 'acme', '--customer', 'c-001', '--out', file, '--db', db]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/c-001\.json already exists; an export never overwrites a file/);
    const log = await audit();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      tenantId: 'acme',
      action: 'privacy.export',
      actor: { userId: 'system', username: 'kefu privacy', via: 'cli' },
      target: { type: 'data_subject', id: 'c-001' },
      details: { conversations: 1, reason: '工单 T-88' },
    });
  });

  it('exports by phone to stdout (JSON only there), the number in any format', async () => {
    const r = await privacy(['export', '--tenant', 'acme', '--phone', '+86 138 1234 5678', '--db', db]);
    expect(r.code).toBeUndefined();
    const exported = JSON.parse(r.out);
    expect(exported.conversations.map((c: Conversation) => c.id)).toEqual(['acme-1', 'acme-2']);
    expect(r.err).toMatch(/tenant acme: 2 conversations exported/);
    expect(JSON.stringify(await audit())).not.toContain(PHONE);
  });

  it("erases: redact removes the number from acme's stored text, delete removes the rows; globex's identical customer untouched", async () => {
    const red = await privacy(['erase', '--tenant', 'acme', '--phone', PHONE, '--mode', 'redact', '--yes', '--db', db]);
    expect(red.code).toBeUndefined();
    expect(red.out).toMatch(/tenant acme: 2 conversations redacted \(3 turns; audit #\d+\)/);
    const redacted = await load('acme', ['acme-1', 'acme-2']);
    expect(JSON.stringify(redacted)).not.toMatch(/13812345678|138-1234-5678/);
    expect(redacted[0]!.turns[0]!.text).toMatch(/^\*+$/);
    expect(redacted[0]!.turns[1]!.text).toBe('您好，手机号***********的订单已经在派送中，今天下午送达');
    expect(redacted[0]!.customerId).toBeUndefined();

    const del = await privacy(['erase', '--tenant', 'acme', '--customer', 'c-002', '--mode', 'delete', '--yes', '--db', db]);
    expect(del.out).toMatch(/tenant acme: 1 conversations deleted \(1 turns/);
    expect((await load('acme', ['acme-1', 'acme-2', 'acme-3'])).map((c) => c.id)).toEqual(['acme-1', 'acme-2']);

    const globex = await load('globex', ['globex-1', 'globex-2', 'globex-3']);
    expect(globex).toHaveLength(3);
    expect(globex[0]!.customerId).toBe('c-001');
    expect(globex[0]!.turns[0]!.text).toContain(PHONE);

    const log = await audit();
    expect(verifyChain(log).ok).toBe(true);
    expect(log.filter((e) => e.action === 'privacy.erase').map((e) => [e.tenantId, e.actor.via, e.details])).toEqual([
      ['acme', 'cli', expect.objectContaining({ mode: 'redact', conversations: 2, turns: 3, conversationIds: ['acme-1', 'acme-2'] })],
      ['acme', 'cli', expect.objectContaining({ mode: 'delete', conversations: 1, turns: 1, conversationIds: ['acme-3'], subject: { customerId: 'c-002' } })],
    ]);
  });
});

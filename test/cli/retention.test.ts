/** `kefu retention set / purge` over a SQLite store: per-tenant periods, the purge, both audited. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerRetentionCommands } from '../../src/cli/retention.js';
import { runCommand } from './run-command.js';
import type { Conversation } from '../../src/conversation/model.js';
import { openStore } from '../../src/store/index.js';

function retention(args: string[]) {
  return runCommand(registerRetentionCommands, 'retention', args);
}

describe('kefu retention', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-retention-cli-'));
  const db = path.join(dir, 'kefu.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets a tenant\'s period and purges only that tenant\'s expired conversations', async () => {
    const store = await openStore({ location: db });
    const conv = (id: string, startedAt: string): Conversation => ({ id, channel: 'chat', startedAt, turns: [{ role: 'customer', text: '客户：我的手机号是13812345678，订单还没到' }] });
    for (const tenant of ['acme', 'other']) {
      await store.auth.ensureTenant(tenant);
      const imp = await store.imports.create(tenant, { fileName: 'r.jsonl', format: 'jsonl' }, null);
      await store.imports.writeChunk(tenant, imp, [conv(`${tenant}-old`, '2019-05-01T08:00:00Z'), conv(`${tenant}-new`, new Date().toISOString())], []);
    }
    await store.close();

    expect((await retention(['set', '--tenant', 'nobody', '--days', '30', '--db', db])).err).toMatch(/no tenant "nobody"/);
    expect((await retention(['set', '--tenant', 'acme', '--days', '0', '--db', db])).code).toBe(2);
    const set = await retention(['set', '--tenant', 'acme', '--days', '365', '--db', db]);
    expect(set.code).toBeUndefined();
    expect(set.out).toMatch(/older than 365 days/);
    const purge = await retention(['purge', '--db', db]);
    expect(purge.code).toBeUndefined();
    expect(purge.out).toMatch(/tenant acme: 1 conversations/);

    const after = await openStore({ location: db });
    try {
      expect((await after.conversations.load('acme', ['acme-old', 'acme-new'])).map((c) => c.id)).toEqual(['acme-new']);
      expect(await after.conversations.load('other', ['other-old', 'other-new'])).toHaveLength(2);
      expect((await after.audit.all()).map((e) => `${e.tenantId} ${e.action}`)).toEqual(['acme retention.set', 'acme retention.purge']);
    } finally {
      await after.close();
    }
  });
});

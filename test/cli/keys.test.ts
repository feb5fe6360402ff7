/**
 * `kefu keys init / add / rotate` over a SQLite store, with the key file taken from KEFU_KEY_FILE
 * as in production: data written under k1, a key k2 added, everything re-encrypted under k2.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerKeysCommands } from '../../src/cli/keys.js';
import { runCommand } from './run-command.js';
import { envelopeKeyId, type KeyFile } from '../../src/security/crypto.js';
import { openStore, tenantScope } from '../../src/store/index.js';

function keys(args: string[]) {
  return runCommand(registerKeysCommands, 'keys', args);
}

describe('kefu keys', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-keys-cli-'));
  const keyFile = path.join(dir, 'keys.json');
  const db = path.join(dir, 'kefu.db');
  const saved = process.env.KEFU_KEY_FILE;
  afterAll(() => {
    if (saved === undefined) delete process.env.KEFU_KEY_FILE;
    else process.env.KEFU_KEY_FILE = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('init writes a 0600 key file and refuses to overwrite it', async () => {
    const r = await keys(['init', '--file', keyFile]);
    expect(r.code).toBeUndefined();
    expect(r.out).toMatch(/active key k1/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((JSON.parse(readFileSync(keyFile, 'utf8')) as KeyFile).activeKeyId).toBe('k1');
    expect((await keys(['init', '--file', keyFile])).code).toBe(2);
  });

  it('rotate without a configured key is a usage error', async () => {
    delete process.env.KEFU_KEY_FILE;
    const r = await keys(['rotate', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no encryption key is configured/);
  });

  it('add + rotate re-encrypt what was stored under k1', async () => {
    process.env.KEFU_KEY_FILE = keyFile;
    const store = await openStore({ location: db });
    await store.auth.ensureTenant('acme');
    const imp = await store.imports.create('acme', { fileName: 'a.jsonl', format: 'jsonl' }, null);
    await store.imports.writeChunk('acme', imp, [{ id: 'k-1', channel: 'call', customerId: '13812345678', turns: [{ role: 'customer', text: '客户：我的手机号是13812345678，订单还没到' }] }], []);
    await store.close();

    const added = await keys(['add', '--file', keyFile, '--id', 'k2']);
    expect(added.code).toBeUndefined();
    expect(Object.keys((JSON.parse(readFileSync(keyFile, 'utf8')) as KeyFile).keys)).toEqual(['k1', 'k2']);

    const r = await keys(['rotate', '--db', db, '--batch-size', '1', '--pause-ms', '0']);
    expect(r.err).toBe('');
    expect(r.code).toBeUndefined();
    expect(r.out).toMatch(/^turns: 1 rows not under the active key, 1 values re-encrypted/m);
    expect(r.out).toMatch(/done: every encrypted value is under key k2/);

    const after = await openStore({ location: db });
    try {
      const raw = await after.db.selectFrom('turns').select('text').executeTakeFirstOrThrow();
      expect(envelopeKeyId(raw.text)).toBe('k2');
      expect((await after.conversations.get(tenantScope('acme'), 'k-1'))!.turns[0]!.text).toBe('客户：我的手机号是13812345678，订单还没到');
      expect((await after.audit.all()).map((e) => e.action)).toContain('keys.rotate');
    } finally {
      await after.close();
    }
  });
});

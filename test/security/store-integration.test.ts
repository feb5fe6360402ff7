/**
 * The security modules over the real store (SQLite file): `kefu user add`, the audit chain in
 * audit_log and `kefu audit verify`, login through AuthRepo.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerAuditCommands } from '../../src/cli/audit.js';
import { registerUserCommands } from '../../src/cli/user.js';
import { AuditLog, piiRevealEvent } from '../../src/security/audit.js';
import { securityPlugin, SESSION_COOKIE } from '../../src/security/plugin.js';
import { openStore } from '../../src/store/index.js';

async function cli(register: (p: Command) => void, args: string[]) {
  const program = new Command().exitOverride();
  register(program);
  process.exitCode = undefined;
  await program.parseAsync(['node', 'kefu', ...args]);
  const code = process.exitCode;
  process.exitCode = undefined;
  return code;
}

describe('security over the SQLite store', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'kefu-sec-')), 'kefu.db');

  it('kefu user add, then login through the AuthRepo, audited in audit_log, kefu audit verify', async () => {
    const out: string[] = [];
    const code = await cli((p) => registerUserCommands(p, { readStdin: async () => 'pa55word-主管\n', out: (l) => out.push(l), err: (l) => out.push(l) }), ['user', 'add', '--tenant', 'acme', '--username', 'sup', '--role', 'supervisor', '--password-stdin', '--db', db]);
    expect(out.join('\n')).toMatch(/created user sup/);
    expect(code).toBeUndefined();

    const store = await openStore({ location: db });
    try {
      const app = Fastify();
      await app.register(securityPlugin, { store: store.auth, audit: new AuditLog(store.audit) });
      await app.ready();
      const bad = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'sup', password: 'nope-nope' } });
      expect(bad.statusCode).toBe(401);
      const ok = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'sup', password: 'pa55word-主管' } });
      expect(ok.statusCode).toBe(200);
      const sid = ok.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
      const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: `${SESSION_COOKIE}=${sid}` } });
      expect(me.json().user.tenantId).toBe('acme');
      await new AuditLog(store.audit).record(piiRevealEvent({ userId: 'x', username: 'sup' }, 'acme', { type: 'conversation', id: 'c1' }, { kinds: ['mobile'] }));
      await app.close();
    } finally {
      await store.close();
    }

    const lines: string[] = [];
    const vcode = await cli((p) => registerAuditCommands(p, { out: (l) => lines.push(l), err: (l) => lines.push(l) }), ['audit', 'verify', '--db', db]);
    expect(vcode).toBeUndefined();
    expect(lines.join('\n')).toMatch(/audit log OK: 3 entries/);

    // tamper with one row: verify points at it
    const s2 = await openStore({ location: db });
    await s2.db.updateTable('audit_log').set({ action: 'auth.logout' }).where('seq', '=', 2).execute();
    await s2.close();
    const lines2: string[] = [];
    expect(await cli((p) => registerAuditCommands(p, { out: (l) => lines2.push(l) }), ['audit', 'verify', '--db', db])).toBe(1);
    expect(lines2.join('\n')).toMatch(/BROKEN at entry 1 \(seq 2/);
  });
});

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerUserCommands, type NewUser } from '../../src/cli/user.js';
import { verifyPassword } from '../../src/security/passwords.js';

async function run(args: string[], stdin = 'correct-horse-battery\n') {
  const out: string[] = [];
  const created: NewUser[] = [];
  const program = new Command().exitOverride();
  registerUserCommands(program, {
    createUser: async (u) => {
      created.push(u);
      return { id: 'u1' };
    },
    readStdin: async () => stdin,
    out: (l) => out.push(l),
    err: (l) => out.push(l),
  });
  process.exitCode = undefined;
  await program.parseAsync(['node', 'kefu', ...args]);
  const code = process.exitCode;
  process.exitCode = undefined;
  return { out: out.join('\n'), code, created };
}

describe('kefu user add', () => {
  it('hashes the password from stdin', async () => {
    const r = await run(['user', 'add', '--tenant', 'demo', '--username', '王主管', '--role', 'supervisor', '--password-stdin']);
    expect(r.code).toBeUndefined();
    expect(r.created[0]).toMatchObject({ tenantId: 'demo', username: '王主管', role: 'supervisor' });
    expect(r.created[0]!.passwordHash).toMatch(/^\$scrypt\$/);
    expect((await verifyPassword('correct-horse-battery', r.created[0]!.passwordHash)).ok).toBe(true);
  });
  it('refuses bad roles, missing stdin flag, weak passwords', async () => {
    expect((await run(['user', 'add', '--tenant', 'demo', '--username', 'x', '--role', 'root', '--password-stdin'])).code).toBe(2);
    expect((await run(['user', 'add', '--tenant', 'demo', '--username', 'x', '--role', 'qa'])).out).toMatch(/password-stdin/);
    expect((await run(['user', 'add', '--tenant', 'demo', '--username', 'x', '--role', 'qa', '--password-stdin'], 'short\n')).out).toMatch(/at least 8/);
    expect((await run(['user', 'add', '--tenant', '../etc', '--username', 'x', '--role', 'qa', '--password-stdin'])).code).toBe(2);
  });
});

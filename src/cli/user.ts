/**
 * `kefu user add --tenant <id> --username <name> --role <role> --password-stdin` — bootstrap accounts.
 *
 * The password is read from standard input (never from argv, which other local users can see in
 * the process list): `printf '%s' "$PW" | kefu user add … --password-stdin`.
 */
import type { Command } from 'commander';
import { hashPassword, PasswordPolicyError } from '../security/passwords.js';
import { ROLES, type UserRole } from '../security/permissions.js';

export interface NewUser {
  tenantId: string;
  username: string;
  role: UserRole;
  passwordHash: string;
  displayName?: string;
  teamId?: string;
  agentId?: string;
}

export interface UserCommandDeps {
  /** Provided by the store integration: insert the user (creating the tenant if needed), return its id. */
  createUser?: (user: NewUser, opts: { db?: string }) => Promise<{ id: string }>;
  readStdin?: () => Promise<string>;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

async function storeCreateUser(user: NewUser, opts: { db?: string }): Promise<{ id: string }> {
  const { openStore } = await import('../store/index.js');
  const store = await openStore(opts.db ? { location: opts.db } : {});
  try {
    if (await store.auth.findUserByUsername(user.username)) throw new Error(`username "${user.username}" is taken`);
    return await store.auth.createUser(user);
  } finally {
    await store.close();
  }
}

let defaultDeps: UserCommandDeps = { createUser: storeCreateUser };
export function setUserCommandDeps(deps: UserCommandDeps): void {
  defaultDeps = { ...defaultDeps, ...deps };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerUserCommands(program: Command, deps: UserCommandDeps = {}): void {
  const d = () => ({ ...defaultDeps, ...deps });
  const user = program.command('user').description('local user accounts');
  user
    .command('add')
    .description('create a user (password from stdin)')
    .requiredOption('--tenant <id>', 'tenant (workspace) id')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from standard input')
    .option('--display-name <name>', 'display name')
    .option('--team <id>', 'team id (team leads, agents)')
    .option('--agent <id>', 'agent id carried by this user\'s conversations (agents)')
    .option('--db <path>', 'SQLite file or postgres:// URL')
    .action(async (opts: { tenant: string; username: string; role: string; passwordStdin?: boolean; displayName?: string; team?: string; agent?: string; db?: string }) => {
      const { createUser, readStdin = readAllStdin, out = (l: string) => process.stdout.write(l + '\n'), err = (l: string) => process.stderr.write(l + '\n') } = d();
      const fail = (msg: string) => {
        err(`kefu user add: ${msg}`);
        process.exitCode = 2;
      };
      if (!(ROLES as readonly string[]).includes(opts.role)) return fail(`unknown role "${opts.role}" (${ROLES.join(', ')})`);
      if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(opts.username)) return fail('username: 1–64 letters, digits, _ . @ -');
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(opts.tenant)) return fail('tenant: 1–64 letters, digits, _ . -');
      if (!opts.passwordStdin) return fail('--password-stdin is required (passwords are not accepted as arguments)');
      if (opts.role === 'agent' && !opts.agent) err('note: an agent without --agent sees no conversations (scope "own")');
      if (!createUser) return fail('no store configured');
      const password = (await readStdin()).replace(/\r?\n$/, '');
      let passwordHash: string;
      try {
        passwordHash = await hashPassword(password);
      } catch (e) {
        if (e instanceof PasswordPolicyError) return fail(e.message);
        throw e;
      }
      try {
        const { id } = await createUser(
          {
            tenantId: opts.tenant,
            username: opts.username,
            role: opts.role as UserRole,
            passwordHash,
            ...(opts.displayName ? { displayName: opts.displayName } : {}),
            ...(opts.team ? { teamId: opts.team } : {}),
            ...(opts.agent ? { agentId: opts.agent } : {}),
          },
          opts.db ? { db: opts.db } : {},
        );
        out(`created user ${opts.username} (${opts.role}) in tenant ${opts.tenant}: ${id}`);
      } catch (e) {
        return fail((e as Error).message);
      }
    });
}

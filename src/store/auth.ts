/**
 * Tenants, users, sessions and API tokens over Kysely: implements the security layer's AuthStore
 * (src/security/auth-store.ts). Secrets are never stored: tokens and sessions by SHA-256 only.
 */
import type { Kysely } from 'kysely';
import { newApiToken, sha256hex, type ApiTokenRecord, type AuthStore, type SessionRecord, type UserRecord } from '../security/auth-store.js';
import type { Permission, UserRole } from '../security/permissions.js';
import type { Database } from './schema.js';
import { newId, nowIso } from './util.js';

const d = (v: string | null | undefined): Date | null => (v ? new Date(v) : null);
const iso = (v: Date | null | undefined): string | null => (v ? v.toISOString() : null);

function toUser(r: Database['users']): UserRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as UserRole,
    teamId: r.team_id,
    agentId: r.agent_id,
    passwordHash: r.password_hash,
    disabled: Number(r.disabled) === 1,
    failedLogins: Number(r.failed_logins),
    lockedUntil: d(r.locked_until),
  };
}

function toToken(r: Database['api_tokens']): ApiTokenRecord {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    secretHash: r.secret_hash,
    scopes: r.scopes_json ? (JSON.parse(r.scopes_json) as Permission[]) : null,
    createdAt: new Date(r.created_at),
    expiresAt: d(r.expires_at),
    lastUsedAt: d(r.last_used_at),
    revokedAt: d(r.revoked_at),
  };
}

export interface NewUserInput {
  tenantId: string;
  username: string;
  role: UserRole;
  passwordHash?: string | null;
  displayName?: string;
  teamId?: string;
  agentId?: string;
}

export class AuthRepo implements AuthStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly onTenantCreated: (tenantId: string) => Promise<void> = async () => undefined,
  ) {}

  /** Create the tenant (workspace) if missing. */
  async ensureTenant(id: string, name = id): Promise<void> {
    const r = await this.db.insertInto('tenants').values({ id, name, retention_days: null, created_at: nowIso() }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) await this.onTenantCreated(id);
  }

  async tenants(): Promise<Array<{ id: string; name: string; retentionDays: number | null }>> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, retentionDays: r.retention_days === null ? null : Number(r.retention_days) }));
  }

  async createUser(u: NewUserInput): Promise<{ id: string }> {
    await this.ensureTenant(u.tenantId);
    const id = newId('usr');
    await this.db
      .insertInto('users')
      .values({
        id,
        tenant_id: u.tenantId,
        username: u.username,
        display_name: u.displayName ?? null,
        role: u.role,
        team_id: u.teamId ?? null,
        agent_id: u.agentId ?? null,
        password_hash: u.passwordHash ?? null,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        created_at: nowIso(),
      })
      .execute();
    return { id };
  }

  /**
   * Create an API token for a user (an existing username, or a new service user
   * `token-<role>-<n>` of the given role). Returns the token, shown once.
   */
  async createToken(v: { tenantId: string; role: UserRole; username?: string; teamId?: string; agentId?: string; name?: string; scopes?: Permission[]; expiresAt?: Date }): Promise<{ token: string; userId: string; tokenId: string }> {
    let user = v.username ? await this.findUserByUsername(v.username) : undefined;
    if (user && user.tenantId !== v.tenantId) throw new Error(`user ${v.username} belongs to another tenant`);
    if (!user) {
      const username = v.username ?? `token-${v.role}-${newId('u').slice(2, 10)}`;
      const { id } = await this.createUser({ tenantId: v.tenantId, username, role: v.role, ...(v.teamId ? { teamId: v.teamId } : {}), ...(v.agentId ? { agentId: v.agentId } : {}) });
      user = (await this.findUserById(id))!;
    }
    const { id, secret, token } = newApiToken();
    await this.createApiToken({ id, userId: user.id, name: v.name ?? 'cli', secretHash: sha256hex(secret), scopes: v.scopes ?? null, createdAt: new Date(), expiresAt: v.expiresAt ?? null });
    return { token, userId: user.id, tokenId: id };
  }

  async findUserByUsername(username: string) {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }
  async findUserById(id: string) {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }
  async setLoginState(userId: string, failedLogins: number, lockedUntil: Date | null) {
    await this.db.updateTable('users').set({ failed_logins: failedLogins, locked_until: iso(lockedUntil) }).where('id', '=', userId).execute();
  }
  async setPasswordHash(userId: string, hash: string) {
    await this.db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
  }
  async createSession(s: SessionRecord) {
    const u = await this.findUserById(s.userId);
    await this.db
      .insertInto('sessions')
      .values({ id_hash: s.idHash, tenant_id: u?.tenantId ?? '', user_id: s.userId, created_at: s.createdAt.toISOString(), last_seen_at: s.lastSeenAt.toISOString(), expires_at: s.expiresAt.toISOString(), ip: s.ip ?? null, user_agent: s.userAgent ?? null })
      .execute();
  }
  async findSession(idHash: string) {
    const r = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r ? { idHash: r.id_hash, userId: r.user_id, createdAt: new Date(r.created_at), lastSeenAt: new Date(r.last_seen_at), expiresAt: new Date(r.expires_at), ip: r.ip, userAgent: r.user_agent } : undefined;
  }
  async touchSession(idHash: string, lastSeenAt: Date) {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAt.toISOString() }).where('id_hash', '=', idHash).execute();
  }
  async deleteSession(idHash: string) {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }
  async deleteUserSessions(userId: string) {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }
  async createApiToken(t: ApiTokenRecord) {
    const u = await this.findUserById(t.userId);
    await this.db
      .insertInto('api_tokens')
      .values({
        id: t.id,
        tenant_id: u?.tenantId ?? '',
        user_id: t.userId,
        name: t.name,
        secret_hash: t.secretHash,
        scopes_json: t.scopes ? JSON.stringify(t.scopes) : null,
        created_at: t.createdAt.toISOString(),
        expires_at: iso(t.expiresAt),
        last_used_at: iso(t.lastUsedAt),
        revoked_at: iso(t.revokedAt),
      })
      .execute();
  }
  async findApiToken(id: string) {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toToken(r) : undefined;
  }
  async listApiTokens(userId: string) {
    const rows = await this.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
    return rows.map(toToken);
  }
  async revokeApiToken(id: string, at: Date) {
    await this.db.updateTable('api_tokens').set({ revoked_at: at.toISOString() }).where('id', '=', id).execute();
  }
  async touchApiToken(id: string, at: Date) {
    await this.db.updateTable('api_tokens').set({ last_used_at: at.toISOString() }).where('id', '=', id).execute();
  }
}

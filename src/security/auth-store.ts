/**
 * What the authentication layer needs from the store (users, sessions, api_tokens tables). The
 * store integration implements it over Kysely; `MemoryAuthStore` serves tests and demos.
 *
 * Secrets are never stored: sessions and API tokens are looked up by the SHA-256 of their secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Permission, UserRole } from './permissions.js';

export interface UserRecord {
  id: string;
  tenantId: string;
  username: string;
  displayName?: string | null;
  role: UserRole;
  teamId?: string | null;
  agentId?: string | null;
  passwordHash: string | null;
  disabled?: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
}

export interface SessionRecord {
  idHash: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip?: string | null;
  userAgent?: string | null;
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  secretHash: string;
  scopes: Permission[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt?: Date | null;
  revokedAt?: Date | null;
}

export interface AuthStore {
  findUserByUsername(username: string): Promise<UserRecord | undefined>;
  findUserById(id: string): Promise<UserRecord | undefined>;
  /** Persist the failure counter and lock. */
  setLoginState(userId: string, failedLogins: number, lockedUntil: Date | null): Promise<void>;
  setPasswordHash(userId: string, hash: string): Promise<void>;
  createSession(s: SessionRecord): Promise<void>;
  findSession(idHash: string): Promise<SessionRecord | undefined>;
  touchSession(idHash: string, lastSeenAt: Date): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<void>;
  createApiToken(t: ApiTokenRecord): Promise<void>;
  findApiToken(id: string): Promise<ApiTokenRecord | undefined>;
  listApiTokens(userId: string): Promise<ApiTokenRecord[]>;
  revokeApiToken(id: string, at: Date): Promise<void>;
  touchApiToken?(id: string, at: Date): Promise<void>;
}

export function sha256hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `kefu_<id>_<secret>`: the id finds the row, the secret's hash is compared. */
export function newApiToken(): { id: string; secret: string; token: string } {
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `kefu_${id}_${secret}` };
}

export function parseApiToken(token: string): { id: string; secret: string } | undefined {
  const m = /^kefu_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export class MemoryAuthStore implements AuthStore {
  users = new Map<string, UserRecord>();
  sessions = new Map<string, SessionRecord>();
  tokens = new Map<string, ApiTokenRecord>();

  addUser(u: Omit<UserRecord, 'failedLogins' | 'lockedUntil'> & Partial<Pick<UserRecord, 'failedLogins' | 'lockedUntil'>>): UserRecord {
    const rec: UserRecord = { failedLogins: 0, lockedUntil: null, ...u };
    this.users.set(rec.id, rec);
    return rec;
  }
  async findUserByUsername(username: string) {
    return [...this.users.values()].find((u) => u.username === username);
  }
  async findUserById(id: string) {
    return this.users.get(id);
  }
  async setLoginState(userId: string, failedLogins: number, lockedUntil: Date | null) {
    const u = this.users.get(userId);
    if (u) Object.assign(u, { failedLogins, lockedUntil });
  }
  async setPasswordHash(userId: string, hash: string) {
    const u = this.users.get(userId);
    if (u) u.passwordHash = hash;
  }
  async createSession(s: SessionRecord) {
    this.sessions.set(s.idHash, { ...s });
  }
  async findSession(idHash: string) {
    return this.sessions.get(idHash);
  }
  async touchSession(idHash: string, lastSeenAt: Date) {
    const s = this.sessions.get(idHash);
    if (s) s.lastSeenAt = lastSeenAt;
  }
  async deleteSession(idHash: string) {
    this.sessions.delete(idHash);
  }
  async deleteUserSessions(userId: string) {
    for (const [k, s] of this.sessions) if (s.userId === userId) this.sessions.delete(k);
  }
  async createApiToken(t: ApiTokenRecord) {
    this.tokens.set(t.id, { ...t });
  }
  async findApiToken(id: string) {
    return this.tokens.get(id);
  }
  async listApiTokens(userId: string) {
    return [...this.tokens.values()].filter((t) => t.userId === userId);
  }
  async revokeApiToken(id: string, at: Date) {
    const t = this.tokens.get(id);
    if (t) t.revokedAt = at;
  }
}

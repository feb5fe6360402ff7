import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import type { UserRole } from '../../src/security/permissions.js';
import { sqliteStore, type TestStore } from '../store/helpers.js';

export interface TestApp {
  app: FastifyInstance;
  t: TestStore;
  token(role: UserRole, extra?: { agentId?: string; teamId?: string; tenantId?: string }): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function testApp(options: Partial<ServerOptions> = {}): Promise<TestApp> {
  const t = await sqliteStore();
  await t.store.auth.ensureTenant('acme');
  const app = await buildServer({ store: t.store, webhooks: false, webDir: false, ...options });
  return {
    app,
    t,
    async token(role, extra = {}) {
      const tenantId = extra.tenantId ?? 'acme';
      await t.store.auth.ensureTenant(tenantId);
      const { token } = await t.store.auth.createToken({ tenantId, role, ...(extra.agentId ? { agentId: extra.agentId } : {}), ...(extra.teamId ? { teamId: extra.teamId } : {}) });
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      await t.cleanup();
    },
  };
}

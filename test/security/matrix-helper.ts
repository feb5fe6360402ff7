/**
 * Walk every route × every role: a role without the route's permission must get 403, a role with
 * it must get anything but 401/403. Requests use API tokens (no CSRF), ids that do not exist and an
 * empty JSON body, so allowed requests end in 2xx/400/404/409/422 — the guard is what is tested.
 */
import type { FastifyInstance } from 'fastify';
import { ROLES, ROLE_PERMISSIONS, type UserRole } from '../../src/security/permissions.js';
import { securedRoutes, type RouteEntry } from '../../src/security/plugin.js';

export interface MatrixCell {
  method: string;
  url: string;
  role: UserRole;
  permission: string;
  expected: 'allowed' | 'forbidden';
  status: number;
  ok: boolean;
}

export function concreteUrl(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => `zz-missing-${name}`).replace(/\*$/, 'x');
}

export async function walkMatrix(app: FastifyInstance, tokens: Record<UserRole, string>, filter: (r: RouteEntry) => boolean = () => true): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  for (const r of securedRoutes(app).filter(filter)) {
    if (r.permission === 'public' || r.permission === undefined) continue;
    for (const role of ROLES) {
      const allowed = r.permission === 'authenticated' || ROLE_PERMISSIONS[role].has(r.permission);
      const res = await app.inject({
        method: r.method as 'GET',
        url: concreteUrl(r.url),
        headers: { authorization: `Bearer ${tokens[role]}`, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
        ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: '{}' }),
      });
      const ok = allowed ? res.statusCode !== 403 && res.statusCode !== 401 : res.statusCode === 403;
      cells.push({ method: r.method, url: r.url, role, permission: r.permission, expected: allowed ? 'allowed' : 'forbidden', status: res.statusCode, ok });
    }
  }
  return cells;
}

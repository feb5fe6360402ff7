/**
 * Data scope in queries: every read and write names a tenant, and agents / team leads see only
 * their own / their team's conversations (docs/security.md). Out-of-scope rows answer 404.
 */
import type { ExpressionBuilder } from 'kysely';
import { ROLE_SCOPE, type DataScope, type Principal } from '../security/permissions.js';
import type { Database } from './schema.js';

export interface Scope {
  tenantId: string;
  kind: DataScope;
  agentId?: string;
  teamId?: string;
}

export function scopeOf(p: Principal): Scope {
  const s: Scope = { tenantId: p.tenantId, kind: ROLE_SCOPE[p.role] };
  if (p.agentId) s.agentId = p.agentId;
  if (p.teamId) s.teamId = p.teamId;
  return s;
}

/** The whole tenant (system jobs, CLI). */
export function tenantScope(tenantId: string): Scope {
  return { tenantId, kind: 'tenant' };
}

/** WHERE condition on `conversations` (aliased `c`) for a scope. */
export function conversationInScope(scope: Scope) {
  return (eb: ExpressionBuilder<Database & { c: Database['conversations'] }, 'c'>) => {
    const conds = [eb('c.tenant_id', '=', scope.tenantId)];
    if (scope.kind === 'own') conds.push(scope.agentId ? eb('c.agent_id', '=', scope.agentId) : eb.lit(false));
    if (scope.kind === 'team') conds.push(scope.teamId ? eb('c.team_id', '=', scope.teamId) : eb.lit(false));
    return eb.and(conds);
  };
}

/** Whether a conversation row is visible in a scope. */
export function rowInScope(scope: Scope, row: { tenant_id: string; agent_id: string | null; team_id: string | null }): boolean {
  if (row.tenant_id !== scope.tenantId) return false;
  if (scope.kind === 'own') return !!scope.agentId && row.agent_id === scope.agentId;
  if (scope.kind === 'team') return !!scope.teamId && row.team_id === scope.teamId;
  return true;
}

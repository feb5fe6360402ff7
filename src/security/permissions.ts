/**
 * Roles from the seeds' organisation (002: 客服助理 / 客服主管 / 客户服务部经理, plus QA and admin)
 * and what each may do. Every route names one permission; the matrix is the single source of
 * truth for the server guard, docs/security.md and the route × role test.
 */
export const ROLES = ['agent', 'team_lead', 'supervisor', 'qa', 'manager', 'admin'] as const;
export type UserRole = (typeof ROLES)[number];

export const ROLE_NAMES: Record<UserRole, string> = {
  agent: '客服',
  team_lead: '组长',
  supervisor: '主管',
  qa: '质检员',
  manager: '经理',
  admin: '管理员',
};

export const PERMISSIONS = [
  'conversations:read', // read conversations and results in scope
  'conversations:import',
  'pii:reveal', // see personal data in clear text (audited)
  'inspections:run',
  'review:write', // confirm/reject findings, manual score items
  'appeals:create', // an agent appeals a finding on their own conversation
  'appeals:decide', // first-level decision
  'appeals:final', // 终审
  'rulesets:read',
  'rulesets:write',
  'rulesets:publish',
  'stats:read',
  'webhooks:manage',
  'users:manage',
  'audit:read',
  'privacy:manage', // retention, data-subject export and erasure
  'assist:use',
  'tickets:read',
  'tickets:write',
  'kpis:read',
  'staffing:plan',
  'training:use',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Which conversations a role sees: its own (agent), its team's, or the whole tenant. */
export type DataScope = 'own' | 'team' | 'tenant';

export const ROLE_SCOPE: Record<UserRole, DataScope> = {
  agent: 'own',
  team_lead: 'team',
  supervisor: 'tenant',
  qa: 'tenant',
  manager: 'tenant',
  admin: 'tenant',
};

const ALL = new Set<Permission>(PERMISSIONS);

export const ROLE_PERMISSIONS: Record<UserRole, ReadonlySet<Permission>> = {
  agent: new Set<Permission>(['conversations:read', 'appeals:create', 'assist:use', 'tickets:read', 'training:use', 'rulesets:read']),
  team_lead: new Set<Permission>([
    'conversations:read',
    'review:write',
    'appeals:decide',
    'rulesets:read',
    'stats:read',
    'assist:use',
    'tickets:read',
    'tickets:write',
    'kpis:read',
    'training:use',
  ]),
  supervisor: new Set<Permission>([
    'conversations:read',
    'conversations:import',
    'pii:reveal',
    'inspections:run',
    'review:write',
    'appeals:decide',
    'appeals:final',
    'rulesets:read',
    'stats:read',
    'assist:use',
    'tickets:read',
    'tickets:write',
    'kpis:read',
    'staffing:plan',
    'training:use',
  ]),
  qa: new Set<Permission>([
    'conversations:read',
    'conversations:import',
    'inspections:run',
    'review:write',
    'appeals:decide',
    'rulesets:read',
    'rulesets:write',
    'stats:read',
    'assist:use',
    'tickets:read',
    'training:use',
  ]),
  manager: new Set<Permission>([...ALL].filter((p) => p !== 'users:manage')),
  admin: ALL,
};

export interface Principal {
  userId: string;
  username: string;
  role: UserRole;
  tenantId: string;
  teamId?: string;
  /** The agent id this user's conversations carry (for the `own` scope). */
  agentId?: string;
  /** API tokens may be narrowed to a subset of the role's permissions. */
  tokenScopes?: readonly Permission[];
}

export function can(principal: Principal, permission: Permission): boolean {
  if (!ROLE_PERMISSIONS[principal.role].has(permission)) return false;
  return principal.tokenScopes === undefined || principal.tokenScopes.includes(permission);
}

/**
 * The permission matrix as Markdown, generated from ROLE_PERMISSIONS. docs/security.md embeds the
 * output between `<!-- permission-matrix:start -->` and `<!-- permission-matrix:end -->`; a test
 * fails when the two drift apart (`renderSecurityDocTables()` prints the fresh tables).
 */
import { PERMISSIONS, ROLES, ROLE_NAMES, ROLE_PERMISSIONS, ROLE_SCOPE, type Permission } from './permissions.js';

export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'conversations:read': 'read conversations, inspections and results in the data scope',
  'conversations:import': 'import conversations',
  'pii:reveal': 'see personal data in clear text (each reveal audited)',
  'inspections:run': 'run inspections',
  'review:write': 'confirm/reject findings, manual score items (复核)',
  'appeals:create': 'appeal a finding on one\'s own conversation (申诉)',
  'appeals:decide': 'first-level appeal decision',
  'appeals:final': 'final appeal judgement (终审)',
  'rulesets:read': 'read rule sets',
  'rulesets:write': 'create and edit draft rule sets',
  'rulesets:publish': 'publish a rule set',
  'stats:read': 'dashboards and statistics',
  'webhooks:manage': 'manage webhooks',
  'users:manage': 'create users, reset passwords, API tokens for others',
  'audit:read': 'read the audit log',
  'privacy:manage': 'retention settings, data-subject export and erasure',
  'assist:use': 'agent assist (draft checks, suggestions)',
  'tickets:read': 'read tickets',
  'tickets:write': 'create and update tickets',
  'kpis:read': 'KPIs',
  'staffing:plan': 'staffing plans',
  'training:use': 'drills and weekly review',
};

export function renderPermissionMatrix(): string {
  const header = `| permission | ${ROLES.map((r) => `${r} (${ROLE_NAMES[r]})`).join(' | ')} |`;
  const sep = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = PERMISSIONS.map((p) => `| \`${p}\` | ${ROLES.map((r) => (ROLE_PERMISSIONS[r].has(p) ? '✓' : '')).join(' | ')} |`);
  return [header, sep, ...rows].join('\n');
}

export function renderScopeTable(): string {
  const desc = { own: 'own conversations, scores and appeals only', team: 'conversations of their team', tenant: 'the whole tenant (workspace)' } as const;
  return ['| role | data scope | sees |', '|---|---|---|', ...ROLES.map((r) => `| ${r} (${ROLE_NAMES[r]}) | \`${ROLE_SCOPE[r]}\` | ${desc[ROLE_SCOPE[r]]} |`)].join('\n');
}

export function renderPermissionList(): string {
  return PERMISSIONS.map((p) => `- \`${p}\`: ${PERMISSION_DESCRIPTIONS[p]}`).join('\n');
}

/** Extract a generated block from a Markdown document. */
export function extractBlock(markdown: string, name: string): string | undefined {
  const m = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(markdown);
  return m?.[1];
}

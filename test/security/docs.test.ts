import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractBlock, renderPermissionList, renderPermissionMatrix, renderScopeTable } from '../../src/security/matrix.js';
import { PII_KINDS } from '../../src/security/pii/types.js';

const doc = readFileSync('docs/security.md', 'utf8');

describe('docs/security.md matches the code', () => {
  it('permission matrix', () => {
    expect(extractBlock(doc, 'permission-matrix'), 'regenerate with renderPermissionMatrix()').toBe(renderPermissionMatrix());
  });
  it('data scopes', () => {
    expect(extractBlock(doc, 'data-scopes')).toBe(renderScopeTable());
  });
  it('permission list', () => {
    expect(extractBlock(doc, 'permission-list')).toBe(renderPermissionList());
  });
  it('every PII kind is documented', () => {
    for (const k of PII_KINDS) expect(doc).toContain(`\`${k}\``);
  });
});

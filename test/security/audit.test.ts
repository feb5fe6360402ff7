import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { AuditLog, canonicalJson, chainEntry, GENESIS_HASH, MemoryAuditSink, piiRevealEvent, verifyChain, type AuditEntry } from '../../src/security/audit.js';
import { registerAuditCommands } from '../../src/cli/audit.js';

const actor = { userId: 'u1', username: 'zhang', role: 'supervisor', via: 'session' };

async function sampleLog(n = 5): Promise<AuditEntry[]> {
  const sink = new MemoryAuditSink();
  const log = new AuditLog(sink, () => new Date('2026-03-02T08:00:00Z'));
  for (let i = 0; i < n; i++) {
    await log.record(i % 2 ? piiRevealEvent(actor, 't1', { type: 'conversation', id: `c${i}` }, { kinds: ['mobile'] }) : { tenantId: 't1', action: 'finding.review', actor, target: { type: 'finding', id: `f${i}` }, details: { decision: 'confirm', comment: '话术不规范' } });
  }
  return sink.entries;
}

describe('canonical JSON', () => {
  it('sorts keys, drops undefined, is stable', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: undefined } })).toBe('{"a":{"d":[1,"x",null]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(() => canonicalJson({ x: NaN })).toThrow();
  });
});

describe('hash chain', () => {
  it('chains from the genesis hash and verifies', async () => {
    const entries = await sampleLog();
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const r = verifyChain(entries);
    expect(r).toMatchObject({ ok: true, checked: 5, firstBroken: null, headHash: entries[4]!.hash });
  });
  it('survives a JSON round trip (what the store does)', async () => {
    const entries = JSON.parse(JSON.stringify(await sampleLog())) as AuditEntry[];
    expect(verifyChain(entries).ok).toBe(true);
  });
  it('finds the first modified, removed or reordered entry', async () => {
    const entries = await sampleLog(6);
    const modified = structuredClone(entries);
    modified[3]!.details = { decision: 'reject' };
    expect(verifyChain(modified)).toMatchObject({ ok: false, firstBroken: 3 });
    const actorChanged = structuredClone(entries);
    actorChanged[2]!.actor.userId = 'someone-else';
    expect(verifyChain(actorChanged).firstBroken).toBe(2);
    const removed = entries.filter((_, i) => i !== 2);
    expect(verifyChain(removed)).toMatchObject({ ok: false, firstBroken: 2 });
    const swapped = [...entries];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verifyChain(swapped).firstBroken).toBe(1);
    // re-hashing one entry is not enough: the next one still points at the old hash
    const rehashed = structuredClone(entries);
    rehashed[3]!.details = { decision: 'reject' };
    const forged = chainEntry({ seq: 3, hash: rehashed[2]!.hash }, rehashed[3]!, new Date(rehashed[3]!.at));
    rehashed[3] = forged;
    expect(verifyChain(rehashed).firstBroken).toBe(4);
    // truncation is caught with a recorded head
    expect(verifyChain(entries.slice(0, 4), { expectedHead: entries[5]!.hash })).toMatchObject({ ok: false, firstBroken: 4 });
  });
  it('serialises concurrent appends', async () => {
    const sink = new MemoryAuditSink();
    const log = new AuditLog(sink);
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.record({ tenantId: 't', action: 'x', actor, details: { i } })));
    expect(verifyChain(sink.entries).ok).toBe(true);
    expect(sink.entries).toHaveLength(20);
  });
});

describe('kefu audit verify', () => {
  async function run(args: string[]) {
    const out: string[] = [];
    const program = new Command().exitOverride();
    registerAuditCommands(program, { out: (l) => out.push(l), err: (l) => out.push(l) });
    process.exitCode = undefined;
    await program.parseAsync(['node', 'kefu', ...args]);
    const code = process.exitCode;
    process.exitCode = undefined;
    return { out: out.join('\n'), code };
  }
  it('verifies an exported log and reports the first broken entry', async () => {
    const entries = await sampleLog(4);
    const dir = mkdtempSync(join(tmpdir(), 'kefu-audit-'));
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect(await run(['audit', 'verify', '--file', good])).toMatchObject({ code: undefined, out: expect.stringContaining('audit log OK: 4 entries') });
    const bad = join(dir, 'bad.jsonl');
    const tampered = structuredClone(entries);
    tampered[2]!.target = { type: 'conversation', id: 'c999' };
    writeFileSync(bad, tampered.map((e) => JSON.stringify(e)).join('\n'));
    const r = await run(['audit', 'verify', '--file', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('BROKEN at entry 2 (seq 3');
    const head = await run(['audit', 'head', '--file', good]);
    expect(head.out).toBe(`4 ${entries[3]!.hash}`);
    expect((await run(['audit', 'verify', '--file', join(dir, 'missing.jsonl')])).code).toBe(2);
  });
});

/**
 * `kefu audit verify` — check the hash chain of the audit log (issue 7).
 *
 *   kefu audit verify                      the store's audit_log (KEFU_DB / DATABASE_URL)
 *   kefu audit verify --file audit.jsonl   an exported log (one entry per line)
 *   kefu audit verify --head <hash>        also require the chain to end at a recorded head
 *   kefu audit head                        print seq and hash of the last entry (keep it elsewhere)
 *
 * Exit code 0 when the chain verifies, 1 when it is broken (the first broken entry is printed),
 * 2 on a usage or I/O error.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { verifyChain, type AuditEntry } from '../security/audit.js';

export interface AuditCommandDeps {
  /**
   * Load the whole chain in seq order from the configured store. Provided by the store
   * integration; without it only `--file` works.
   */
  loadEntries?: (opts: { db?: string }) => Promise<AuditEntry[]>;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** The store's audit_log (loaded lazily: `--file` needs no database driver). */
async function storeEntries(opts: { db?: string }): Promise<AuditEntry[]> {
  const { openStore } = await import('../store/index.js');
  const store = await openStore(opts.db ? { location: opts.db } : {});
  try {
    return await store.audit.all();
  } finally {
    await store.close();
  }
}

let defaultDeps: AuditCommandDeps = { loadEntries: storeEntries };
/** The store integration registers how to read audit_log (keeps this file free of store imports). */
export function setAuditCommandDeps(deps: AuditCommandDeps): void {
  defaultDeps = { ...defaultDeps, ...deps };
}

export async function readAuditJsonl(path: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch (e) {
      throw new Error(`${path}:${n}: ${(e as Error).message}`);
    }
  }
  return entries;
}

async function load(opts: { file?: string; db?: string }, deps: AuditCommandDeps): Promise<AuditEntry[]> {
  if (opts.file) return readAuditJsonl(opts.file);
  const loader = deps.loadEntries ?? defaultDeps.loadEntries;
  if (!loader) throw new Error('no store configured for the audit log: use --file <export.jsonl>');
  return loader(opts.db ? { db: opts.db } : {});
}

export function registerAuditCommands(program: Command, deps: AuditCommandDeps = {}): void {
  const out = deps.out ?? defaultDeps.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const err = deps.err ?? defaultDeps.err ?? ((l: string) => process.stderr.write(l + '\n'));
  const audit = program.command('audit').description('audit log (hash-chained, append-only)');

  audit
    .command('verify')
    .description('verify the hash chain of the audit log; exit 1 at the first broken entry')
    .option('--file <path>', 'verify an exported log (JSONL, one entry per line) instead of the store')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: KEFU_DB / DATABASE_URL / kefu.db)')
    .option('--head <hash>', 'the head hash recorded earlier: detects truncation or a full rewrite')
    .option('--json', 'machine-readable output')
    .action(async (opts: { file?: string; db?: string; head?: string; json?: boolean }) => {
      let entries: AuditEntry[];
      try {
        entries = await load(opts, deps);
      } catch (e) {
        err(`kefu audit verify: ${(e as Error).message}`);
        process.exitCode = 2;
        return;
      }
      entries.sort((a, b) => a.seq - b.seq);
      const result = verifyChain(entries, opts.head ? { expectedHead: opts.head } : {});
      if (opts.json) out(JSON.stringify(result));
      else if (result.ok) out(`audit log OK: ${result.checked} entries, head ${result.headHash}`);
      else {
        const bad = result.firstBroken !== null ? entries[result.firstBroken] : undefined;
        out(`audit log BROKEN at entry ${result.firstBroken}${bad ? ` (seq ${bad.seq}, ${bad.action}, ${bad.at})` : ''}: ${result.reason}`);
        out(`${result.checked} entries verified before it.`);
      }
      if (!result.ok) process.exitCode = 1;
    });

  audit
    .command('head')
    .description('print the seq and hash of the last entry (record it outside the database)')
    .option('--file <path>', 'an exported log instead of the store')
    .option('--db <path>', 'SQLite file or postgres:// URL')
    .action(async (opts: { file?: string; db?: string }) => {
      try {
        const entries = (await load(opts, deps)).sort((a, b) => a.seq - b.seq);
        const last = entries[entries.length - 1];
        out(last ? `${last.seq} ${last.hash}` : '0 ' + '0'.repeat(64));
      } catch (e) {
        err(`kefu audit head: ${(e as Error).message}`);
        process.exitCode = 2;
      }
    });
}

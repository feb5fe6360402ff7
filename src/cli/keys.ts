/**
 * `kefu keys` — the keys that encrypt conversation text and contact fields at rest (issue 7,
 * docs/security.md).
 *
 *   kefu keys init --file /etc/kefu/keys.json [--id k1]   write a new key file (mode 0600)
 *   kefu keys add --file /etc/kefu/keys.json --id k2      add a key and make it active (old keys stay, for reading)
 *   kefu keys rotate [--db …] [--batch-size 200] [--pause-ms 20] [--encrypt-plaintext]
 *
 * `rotate` re-encrypts every stored value that is not under the active key of KEFU_KEY_FILE /
 * KEFU_ENCRYPTION_KEY, in batches with a pause between them, while servers and workers keep
 * running (restart them with the new key file first, so that new writes use the new key).
 * Ctrl-C stops after the current batch; a rerun continues with what is left. Every run is
 * audited (`keys.rotate`). Exit code 0 when nothing is left under another key, 1 otherwise,
 * 2 on a usage or configuration error.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveIo, type CommandIo } from './io.js';
import { AuditLog, type AuditActor } from '../security/audit.js';
import { addKey, generateKeyFile, startRotation, type KeyFile, type RotationProgress } from '../security/crypto.js';
import { defaultLocation, openStore, type Store } from '../store/index.js';
import { rotationSources } from '../store/rotation.js';

export interface RotationReport {
  activeKeyId: string;
  /** false when cancelled before every table was walked */
  complete: boolean;
  sources: Array<Omit<RotationProgress, 'done'>>;
  /** values still not under the active key, after the run */
  remaining: { otherKeys: number; plaintext: number };
}

/** Audit entries of installation-wide operations (not about one tenant's data) carry this tenant id. */
export const INSTALLATION_TENANT = '*';

export interface RotateOptions {
  batchSize?: number;
  pauseMs?: number;
  encryptPlaintext?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: RotationProgress) => void;
  actor?: AuditActor;
}

/** Re-encrypt the store's values under its ring's active key, then audit the run. */
export async function rotateStoreKeys(store: Store, options: RotateOptions = {}): Promise<RotationReport> {
  const ring = store.atRest.ring;
  if (!ring) throw new Error('no encryption key is configured: set KEFU_KEY_FILE (or KEFU_ENCRYPTION_KEY)');
  const sources = rotationSources(store.db, store.atRest);
  const run = startRotation(sources, ring, {
    batchSize: options.batchSize ?? 200,
    pauseMs: options.pauseMs ?? 20,
    encryptPlaintext: options.encryptPlaintext ?? false,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  options.signal?.addEventListener('abort', () => run.cancel(), { once: true });
  const results = await run.promise;
  const remaining = { otherKeys: 0, plaintext: 0 };
  for (const s of sources) {
    const r = await s.remaining();
    remaining.otherKeys += r.otherKeys;
    remaining.plaintext += r.plaintext;
  }
  const report: RotationReport = {
    activeKeyId: ring.activeKeyId,
    complete: results.length === sources.length && results.every((r) => r.done),
    sources: results.map(({ done: _done, ...r }) => r),
    remaining,
  };
  await new AuditLog(store.audit).record({
    tenantId: INSTALLATION_TENANT,
    action: 'keys.rotate',
    actor: options.actor ?? { userId: 'system', username: 'kefu keys rotate', role: 'system', via: 'cli' },
    target: { type: 'key', id: ring.activeKeyId },
    details: {
      complete: report.complete,
      encryptPlaintext: options.encryptPlaintext ?? false,
      remaining,
      // counts and row ids only: no values
      sources: report.sources.map((s) => ({ source: s.source, scanned: s.scanned, reencrypted: s.reencrypted, encryptedPlaintext: s.encryptedPlaintext, conflicts: s.conflicts, failed: s.failed.length })),
    },
  });
  return report;
}

function writeKeyFile(file: string, json: KeyFile): void {
  // write then rename: a crash never leaves a half-written key file
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(json, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
}

export function registerKeysCommands(program: Command, deps: CommandIo = {}): void {
  const { out, err } = resolveIo(deps);
  const fail = (cmd: string, e: unknown) => {
    err(`kefu keys ${cmd}: ${(e as Error).message}`);
    process.exitCode = 2;
  };
  const keys = program.command('keys').description('encryption keys for conversation text and contact fields at rest');

  keys
    .command('init')
    .description('write a new key file with one active key and a token key (mode 0600); point KEFU_KEY_FILE at it')
    .requiredOption('--file <path>', 'where to write the key file (must not exist)')
    .option('--id <keyId>', 'id of the first key', 'k1')
    .action((o: { file: string; id: string }) => {
      try {
        if (existsSync(o.file)) throw new Error(`${o.file} exists; use \`kefu keys add\` to add a key`);
        writeKeyFile(o.file, generateKeyFile(o.id));
        out(`wrote ${o.file} (active key ${o.id}); keep it outside the database backups and set KEFU_KEY_FILE=${o.file}`);
      } catch (e) {
        fail('init', e);
      }
    });

  keys
    .command('add')
    .description('add a new key to a key file and make it active (the old keys stay for reading until rotation is done)')
    .requiredOption('--file <path>', 'the key file (KEFU_KEY_FILE)')
    .requiredOption('--id <keyId>', 'id of the new key')
    .action((o: { file: string; id: string }) => {
      try {
        const json = JSON.parse(readFileSync(o.file, 'utf8')) as KeyFile;
        writeKeyFile(o.file, addKey(json, o.id));
        out(`key ${o.id} added and active in ${o.file}; restart servers and workers, then run \`kefu keys rotate\``);
      } catch (e) {
        fail('add', e);
      }
    });

  keys
    .command('rotate')
    .description('re-encrypt stored values under the active key, in the background of live traffic (resumable; audited)')
    .option('--db <location>', 'SQLite file or postgres:// URL (default: DATABASE_URL, KEFU_DB, kefu.db)')
    .option('--batch-size <n>', 'rows per batch', '200')
    .option('--pause-ms <n>', 'pause between batches, to yield to live traffic', '20')
    .option('--encrypt-plaintext', 'also encrypt values stored before encryption was turned on')
    .action(async (o: { db?: string; batchSize: string; pauseMs: string; encryptPlaintext?: boolean }) => {
      const batchSize = Number(o.batchSize);
      const pauseMs = Number(o.pauseMs);
      if (!Number.isInteger(batchSize) || batchSize < 1 || !Number.isInteger(pauseMs) || pauseMs < 0) {
        fail('rotate', new Error('--batch-size must be a positive integer and --pause-ms an integer >= 0'));
        return;
      }
      let store: Store;
      try {
        store = await openStore({ location: o.db ?? defaultLocation() });
      } catch (e) {
        fail('rotate', e);
        return;
      }
      const controller = new AbortController();
      const stop = () => {
        err('kefu keys rotate: stopping after the current batch (run it again to continue)');
        controller.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const report = await rotateStoreKeys(store, {
          batchSize,
          pauseMs,
          encryptPlaintext: !!o.encryptPlaintext,
          signal: controller.signal,
        });
        for (const s of report.sources) {
          out(`${s.source}: ${s.scanned} rows not under the active key, ${s.reencrypted} values re-encrypted, ${s.encryptedPlaintext} encrypted from clear, ${s.conflicts} changed meanwhile, ${s.failed.length} failed`);
          for (const f of s.failed.slice(0, 20)) err(`  ${s.source} ${f.id} ${f.field}: ${f.error}`);
        }
        const { otherKeys, plaintext } = report.remaining;
        out(
          otherKeys === 0
            ? `done: every encrypted value is under key ${report.activeKeyId}${plaintext > 0 ? ` (${plaintext} values still in clear; --encrypt-plaintext encrypts them)` : ''}; the other keys can now be removed from the key file`
            : `${otherKeys} values are still under other keys${report.complete ? '' : ' (stopped early)'}; run \`kefu keys rotate\` again`,
        );
        if (otherKeys > 0) process.exitCode = 1;
      } catch (e) {
        fail('rotate', e);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await store.close();
      }
    });
}

/**
 * Test stores for both dialects: SQLite in a temp file, PostgreSQL (127.0.0.1:5432, db `test`)
 * in a schema unique to the run, dropped afterwards. PostgreSQL is skipped, with the reason
 * printed, only when it cannot be reached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.js';

export const PG_URL = process.env.KEFU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: Promise<string | null> | undefined;

/** null when reachable, else the reason. */
export function pgUnavailable(): Promise<string | null> {
  pgReachable ??= (async () => {
    const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      await c.query('select 1');
      return null;
    } catch (err) {
      return `PostgreSQL at ${PG_URL} unreachable: ${(err as Error).message}`;
    } finally {
      await c.end().catch(() => undefined);
    }
  })();
  return pgReachable;
}

export interface TestStore {
  store: Store;
  location: string;
  schema?: string;
  cleanup(): Promise<void>;
}

/** `options` go to openStore (e.g. `atRest` with a key ring). */
export async function sqliteStore(options: Omit<StoreOptions, 'location' | 'schema'> = {}): Promise<TestStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-store-'));
  const location = path.join(dir, 'kefu.db');
  const store = await openStore({ ...options, location });
  return {
    store,
    location,
    async cleanup() {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresStore(options: Omit<StoreOptions, 'location' | 'schema'> = {}): Promise<TestStore> {
  const schema = `kefu_t_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  const store = await openStore({ ...options, location: PG_URL, schema });
  return {
    store,
    location: PG_URL,
    schema,
    async cleanup() {
      await store.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

export const DIALECTS = [
  { name: 'sqlite', open: sqliteStore },
  { name: 'postgres', open: postgresStore },
] as const;

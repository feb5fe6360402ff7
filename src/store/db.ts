/**
 * Opening the store: SQLite (better-sqlite3, WAL) by default, PostgreSQL when the location is a
 * `postgres://` URL. Both run the same migrations (migrations.ts) on open.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenOptions {
  /** SQLite file path or `postgres://…` URL. Default: DATABASE_URL, else KEFU_DB, else `kefu.db`. */
  location?: string;
  /** PostgreSQL schema to use (created if missing); tests use one per run. */
  schema?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** PostgreSQL application_name of the pool's connections. */
  applicationName?: string;
  /** Run migrations on open (default true). */
  migrate?: boolean;
}

export interface OpenedDb {
  db: Kysely<Database>;
  /** The SQLite handle (bulk inserts with cached prepared statements); undefined on PostgreSQL. */
  sqlite?: BetterSqlite3.Database;
  dialect: Dialect;
  location: string;
}

export function defaultLocation(): string {
  return process.env.DATABASE_URL || process.env.KEFU_DB || 'kefu.db';
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

// PostgreSQL returns int8 (count(*)) as a string: parse it, our counts fit in a double.
pg.types.setTypeParser(20, (v: string) => Number(v));

/**
 * SQLite transactions start with BEGIN IMMEDIATE: several processes (server, workers) share one
 * file in WAL mode, and a deferred transaction that reads before it writes can fail with
 * SQLITE_BUSY when another process committed in between; an immediate one waits (busy_timeout).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

export async function openDb(options: OpenOptions = {}): Promise<OpenedDb> {
  let location = options.location ?? defaultLocation();
  let db: Kysely<Database>;
  let dialect: Dialect;
  let handle: BetterSqlite3.Database | undefined;
  if (isPostgresUrl(location)) {
    dialect = 'postgres';
    // `?schema=name` in the URL (or KEFU_DB_SCHEMA) selects a schema, like the schema option
    const u = new URL(location);
    const fromUrl = u.searchParams.get('schema');
    if (fromUrl) {
      u.searchParams.delete('schema');
      location = u.toString();
    }
    options = { ...options, schema: options.schema ?? fromUrl ?? process.env.KEFU_DB_SCHEMA ?? undefined };
    if (!options.schema) delete options.schema;
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`invalid schema name '${options.schema}'`);
    if (options.schema) {
      const c = new pg.Client({ connectionString: location });
      await c.connect();
      try {
        await c.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      } finally {
        await c.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: location,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
      ...(options.applicationName ? { application_name: options.applicationName } : {}),
    });
    // A connection dropped by the server must not crash the process: the query in flight fails
    // (and the pool replaces the connection); an idle or checked-out client's 'error' is absorbed.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const file = location.replace(/^sqlite:(\/\/)?/, '');
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('foreign_keys = ON');
    // a larger page cache (64 MiB) keeps the turn and finding indexes in memory during big imports
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    // checkpoint every ~16 MiB of WAL instead of 4 MiB: fewer fsyncs during bulk writes
    sqlite.pragma('wal_autocheckpoint = 4000');
    handle = sqlite;
    db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  }
  if (options.migrate !== false) await migrate(db);
  return handle ? { db, dialect, location, sqlite: handle } : { db, dialect, location };
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}

/** Cheap liveness probe. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

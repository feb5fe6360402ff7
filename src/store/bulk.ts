/**
 * Bulk inserts. On PostgreSQL: multi-row INSERTs through Kysely. On SQLite: one cached prepared
 * single-row statement run per row — parsing a 25,000-placeholder INSERT for every batch costs
 * more than the insert itself. The SQLite path runs on the same connection, inside the caller's
 * Kysely transaction (better-sqlite3 has one connection; the transaction holds its mutex).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Transaction } from 'kysely';
import type { Database } from './schema.js';
import { chunked } from './util.js';

type Row = Record<string, string | number | null>;

export class Bulk {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly sqlite?: BetterSqlite3.Database) {}

  private statement(table: string, columns: readonly string[], conflict?: readonly string[]): BetterSqlite3.Statement {
    const key = `${table}|${columns.join(',')}|${conflict?.join(',') ?? ''}`;
    let st = this.statements.get(key);
    if (!st) {
      const cols = columns.map((c) => `"${c}"`).join(', ');
      const marks = columns.map(() => '?').join(', ');
      const onConflict = conflict ? ` on conflict (${conflict.map((c) => `"${c}"`).join(', ')}) do nothing` : '';
      st = this.sqlite!.prepare(`insert into "${table}" (${cols}) values (${marks})${onConflict}`);
      this.statements.set(key, st);
    }
    return st;
  }

  /** Insert rows (all with the same columns). */
  async insert<T extends keyof Database & string>(trx: Transaction<Database>, table: T, rows: readonly Row[], batch = 500): Promise<void> {
    if (rows.length === 0) return;
    if (this.sqlite) {
      const columns = Object.keys(rows[0]!);
      const st = this.statement(table, columns);
      for (const r of rows) st.run(columns.map((c) => r[c] ?? null));
      return;
    }
    for (const slice of chunked(rows, batch)) await trx.insertInto(table).values(slice as never).execute();
  }

  /**
   * Insert rows, skipping those that conflict on `conflict` columns; returns the `key` values of
   * the rows this call inserted.
   */
  async insertIgnore<T extends keyof Database & string>(trx: Transaction<Database>, table: T, rows: readonly Row[], conflict: readonly string[], key: string, batch = 400): Promise<Set<string>> {
    const inserted = new Set<string>();
    if (rows.length === 0) return inserted;
    if (this.sqlite) {
      const columns = Object.keys(rows[0]!);
      const st = this.statement(table, columns, conflict);
      for (const r of rows) if (st.run(columns.map((c) => r[c] ?? null)).changes === 1) inserted.add(String(r[key]));
      return inserted;
    }
    for (const slice of chunked(rows, batch)) {
      const ret = (await trx
        .insertInto(table)
        .values(slice as never)
        .onConflict((oc) => oc.columns(conflict as never).doNothing())
        .returning(key as never)
        .execute()) as Array<Record<string, unknown>>;
      for (const r of ret) inserted.add(String(r[key]));
    }
    return inserted;
  }
}

/**
 * CSV with one row per message, as exported by most customer-service desks. Columns are found by
 * header name (common Chinese and English names by default) or set explicitly in a CsvMapping.
 *
 * Grouping rows into conversations:
 * - `consecutive`: a conversation ends when the id changes. Streaming: one conversation in memory.
 * - `id`: rows are grouped by id wherever they are, and conversations are yielded at the end of the
 *   file in first-seen order. Memory: the whole file's conversations.
 * - `auto` (default): a first pass reads only the id column to see whether ids interleave, then
 *   the file is read again with `consecutive` if they do not, `id` if they do. It costs a second
 *   parse, but keeps memory at one conversation whenever the export allows it.
 */
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { InputError, type InputLocation } from '../errors.js';
import type { Role } from '../model.js';
import { clockSeconds } from './clock.js';
import { validated } from './record.js';
import { countNewlines, readUtf8Blocks } from './utf8.js';
import { DEFAULT_MAX_RECORD_BYTES, type ImportItem, type ImportOptions } from './options.js';

export const CSV_FIELDS = ['id', 'role', 'text', 'time', 'agentId', 'channel', 'customerId', 'teamId'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

export interface CsvMapping {
  /** Header name or 0-based column index per field; unset fields use DEFAULT_CSV_COLUMNS. */
  columns?: Partial<Record<CsvField, string | number>>;
  /** Extra role values, on top of DEFAULT_CSV_ROLES and the shared synonyms (客服, 顾客, …). */
  roles?: Record<string, Role>;
  /** Whether the first row is a header (default true). Without one, columns must be indices. */
  header?: boolean;
  /** Field delimiter (default `,`; `\t` for TSV). */
  delimiter?: string;
  grouping?: 'auto' | 'consecutive' | 'id';
}

/** Header names tried, in order, for each field (compared case-insensitively). */
export const DEFAULT_CSV_COLUMNS: Readonly<Record<CsvField, readonly string[]>> = {
  id: ['会话ID', '会话编号', '会话', 'conversation_id', 'conversationId', 'session_id', 'sessionId', 'id'],
  role: ['角色', '发送方', '发言人', '说话人', 'role', 'speaker', 'sender'],
  text: ['内容', '消息', '消息内容', '文本', 'text', 'content', 'message'],
  time: ['时间', '发送时间', '消息时间', 'time', 'ts', 'timestamp'],
  agentId: ['客服ID', '坐席ID', '工号', 'agent_id', 'agentId'],
  channel: ['渠道', 'channel'],
  customerId: ['客户ID', '顾客ID', '用户ID', 'customer_id', 'customerId', 'user_id'],
  teamId: ['团队', '班组', 'team_id', 'teamId', 'team'],
};

/** Flag columns such as JDDC's 是否客服发送: 1 = sent by the agent, 0 = by the customer. */
export const DEFAULT_CSV_ROLES: Readonly<Record<string, Role>> = { '1': 'agent', '0': 'customer' };

type Columns = Partial<Record<CsvField, number>>;

interface Row {
  line: number;
  cells: string[];
}

/** Rows of one conversation collected so far. */
interface Group {
  id: string;
  line: number;
  record: number;
  rows: Row[];
}

export async function* readCsv(file: string, options: ImportOptions): AsyncGenerator<ImportItem> {
  const mapping = options.csv ?? {};
  const grouping = mapping.grouping ?? 'auto';
  const byId = grouping === 'id' || (grouping === 'auto' && (await idsInterleave(file, options)));
  const rows = readRows(file, options);
  // readColumns may throw with `rows` suspended; close it so the file handle is released.
  const columns = await readColumns(file, mapping, rows).catch(async (err: unknown) => {
    await rows.return(undefined);
    throw err;
  });
  const idColumn = columns.id as number;
  const groups = new Map<string, Group>();
  let current: Group | undefined;
  let record = 0;
  // Bad rows are reported once the conversation open around them is out, so that, without
  // skipInvalid, every conversation before the error has been yielded when it throws.
  const pending: InputError[] = [];
  let fatal: unknown;

  try {
    for await (const row of rows) {
      if (row instanceof InputError) {
        pending.push(row);
        continue;
      }
      const id = cell(row, idColumn);
      if (id === '') {
        pending.push(new InputError({ file, line: row.line, field: 'id' }, 'missing conversation id'));
        continue;
      }
      if (byId) {
        let group = groups.get(id);
        if (!group) groups.set(id, (group = { id, line: row.line, record: record++, rows: [] }));
        group.rows.push(row);
        continue;
      }
      if (current?.id !== id) {
        if (current) yield toItem(file, current, columns, options);
        yield* pending.splice(0);
        current = { id, line: row.line, record: record++, rows: [] };
      }
      current.rows.push(row);
    }
  } catch (err) {
    fatal = err;
  }
  if (current) yield toItem(file, current, columns, options);
  for (const group of groups.values()) yield toItem(file, group, columns, options);
  yield* pending;
  if (fatal !== undefined) throw fatal;
}

/** First pass of `auto` grouping: does any id come back after another id? */
async function idsInterleave(file: string, options: ImportOptions): Promise<boolean> {
  const rows = readRows(file, options);
  const seen = new Set<string>();
  let last: string | undefined;
  try {
    const idColumn = (await readColumns(file, options.csv ?? {}, rows)).id as number;
    for await (const row of rows) {
      if (row instanceof InputError) continue;
      const id = cell(row, idColumn);
      if (id === last) continue;
      if (seen.has(id)) return true;
      seen.add(id);
      last = id;
    }
  } catch {
    // The second pass meets the same problem and reports it, after the good records.
  } finally {
    await rows.return(undefined);
  }
  return false;
}

/** Resolves the column of each field, from the header row or from explicit indices. */
async function readColumns(file: string, mapping: CsvMapping, rows: AsyncGenerator<Row | InputError>): Promise<Columns> {
  const configured = mapping.columns ?? {};
  let header: string[] = [];
  let headerLine = 1;
  if (mapping.header ?? true) {
    const first = await rows.next();
    if (first.done) throw new InputError({ file, line: 1 }, 'empty CSV file: no header row');
    // Without its header the file cannot be read at all.
    if (first.value instanceof InputError) throw first.value;
    header = first.value.cells.map((name) => name.trim().toLowerCase());
    headerLine = first.value.line;
  }
  const columns: Columns = {};
  for (const field of CSV_FIELDS) {
    const wanted = configured[field];
    const names = typeof wanted === 'string' ? [wanted] : wanted === undefined ? DEFAULT_CSV_COLUMNS[field] : [];
    const index = typeof wanted === 'number' ? wanted : names.map((n) => header.indexOf(n.toLowerCase())).find((i) => i >= 0);
    if (index !== undefined) columns[field] = index;
  }
  for (const field of ['id', 'role', 'text'] as const) {
    if (columns[field] === undefined) {
      const tried = typeof configured[field] === 'string' ? [configured[field]] : DEFAULT_CSV_COLUMNS[field];
      throw new InputError(
        { file, line: headerLine, field },
        `no ${field} column (looked for ${tried.join(', ')}); set csv.columns.${field}`,
      );
    }
  }
  return columns;
}

/**
 * Parses the file into rows with their line numbers. csv-parse skips a malformed record and goes
 * on; those are yielded as InputErrors in line order. An encoding error ends the text stream
 * cleanly (so the parser hands over every record before it) and is thrown after them.
 */
async function* readRows(file: string, options: ImportOptions): AsyncGenerator<Row | InputError> {
  let sourceError: unknown;
  async function* text(): AsyncGenerator<string> {
    try {
      // csv-parse miscounts lines when CRLF sits inside a quoted cell; LF alone keeps them right.
      for await (const block of readUtf8Blocks(file)) yield block.text.replaceAll('\r\n', '\n');
    } catch (err) {
      sourceError = err;
    }
  }
  const skipped: InputError[] = [];
  const parser = Readable.from(text()).pipe(
    parse({
      delimiter: options.csv?.delimiter ?? ',',
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    }),
  );
  parser.on('skip', (err: CsvError) => skipped.push(csvError(file, err)));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    // info.lines is where the record ends; a quoted cell may span lines, so count back to its start.
    const line = info.lines - record.reduce((n, value) => n + countNewlines(value), 0);
    while (skipped[0] && (skipped[0].location.line ?? 0) < line) yield skipped.shift() as InputError;
    yield { line, cells: record };
  }
  if (sourceError === undefined) yield* skipped;
  else throw sourceError;
}

function csvError(file: string, err: CsvError): InputError {
  const line = (err as CsvError & { lines?: number }).lines;
  return new InputError({ file, ...(line === undefined ? {} : { line }) }, `broken CSV: ${err.message}`);
}

function toItem(file: string, group: Group, columns: Columns, options: ImportOptions): ImportItem {
  const loc: InputLocation = { file, line: group.line, record: group.record };
  const first = (field: CsvField): string | undefined => {
    const column = columns[field];
    if (column === undefined) return undefined;
    return group.rows.map((row) => cell(row, column)).find((value) => value !== '');
  };
  const raw = {
    id: group.id,
    channel: first('channel'),
    agentId: first('agentId'),
    customerId: first('customerId'),
    teamId: first('teamId'),
    turns: group.rows.map((row) => ({
      role: cell(row, columns.role as number),
      text: cell(row, columns.text as number, false),
      ...rowTime(columns.time === undefined ? '' : cell(row, columns.time)),
    })),
  };
  return validated(raw, loc, {
    roles: { ...DEFAULT_CSV_ROLES, ...options.csv?.roles },
    defaultChannel: options.defaultChannel ?? 'chat',
    turnLines: group.rows.map((row) => row.line),
  });
}

/** A time cell is a call offset (`65`, `01:05`, `00:01:05`) or a wall-clock timestamp. */
function rowTime(value: string): { ts?: string; start?: number } {
  if (value === '') return {};
  const start = clockSeconds(value);
  return start === undefined ? { ts: value } : { start };
}

/** A cell's value; ids, roles and times are trimmed, message text is kept as written. */
function cell(row: Row, column: number, trim = true): string {
  const value = row.cells[column] ?? '';
  return trim ? value.trim() : value;
}

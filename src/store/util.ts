import { createHash, randomBytes } from 'node:crypto';

export function nowIso(): string {
  return new Date().toISOString();
}

/** Random, URL-safe id with a readable prefix: `imp_3kq…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** UTC ISO form of a timestamp, or null when it does not parse. */
export function toUtcIso(value: string | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  return JSON.parse(text) as T;
}

/** Split a list into slices of at most `size`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Opaque pagination cursor (an offset; opaque to clients so it may become keyset later). */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): number {
  if (!cursor) return 0;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0) return v.o;
  } catch {
    /* fall through */
  }
  throw new StoreError('bad_cursor', 'invalid cursor', 400);
}

/** Errors the HTTP layer maps to a status: not found, conflict, bad input. */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export const notFound = (what: string) => new StoreError('not_found', `${what} not found`, 404);
export const conflict = (message: string, details?: unknown) => new StoreError('conflict', message, 409, details);
export const badRequest = (message: string, details?: unknown) => new StoreError('bad_request', message, 400, details);

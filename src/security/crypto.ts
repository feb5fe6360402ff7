/**
 * Field encryption at rest (003 §信息保密规范: 采用加密技术存储和传输关键信息).
 *
 * AES-256-GCM, one random 96-bit IV per value, the key id in the envelope so that several keys can
 * coexist during a rotation:
 *
 *   v1:<keyId>:<iv base64>:<tag base64>:<ciphertext base64>
 *
 * An optional "associated data" string (e.g. `turns.text:<conversationId>`) binds a ciphertext to
 * its place: copying it into another row makes decryption fail instead of silently showing
 * someone else's data.
 *
 * Keys come from a key file (`KEFU_KEY_FILE`, JSON `{"activeKeyId": "k2", "keys": {"k1": "<base64
 * 32 bytes>", "k2": "…"}, "tokenKey"?: "<base64>"}`) or from `KEFU_ENCRYPTION_KEY` (base64 or hex,
 * 32 bytes; id `KEFU_ENCRYPTION_KEY_ID`, default `env`). The token key (HMAC for searchable PII
 * tokens, see pii/mask.ts) must NOT change on rotation; if the file has none it is derived (HKDF)
 * from the first key listed, which must then stay in the file.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const ENVELOPE_VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_.-]{1,40}$/;

export interface KeyRing {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
  /** HMAC key for deterministic PII tokens (search). Stable across rotations. */
  tokenKey: Buffer;
}

export class KeyConfigError extends Error {
  override name = 'KeyConfigError';
}

export class DecryptionError extends Error {
  override name = 'DecryptionError';
  constructor(
    message: string,
    readonly keyId: string | undefined,
  ) {
    super(message);
  }
}

function decodeKey(value: string, where: string): Buffer {
  const v = value.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (buf.length !== 32) throw new KeyConfigError(`${where}: an AES-256 key must be 32 bytes (base64 or 64 hex chars), got ${buf.length} bytes`);
  return buf;
}

function deriveTokenKey(master: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from('kefu'), Buffer.from('kefu pii token v1'), 32));
}

export interface KeyFile {
  activeKeyId: string;
  keys: Record<string, string>;
  tokenKey?: string;
}

export function keyRingFromJson(json: KeyFile, where = 'key file'): KeyRing {
  if (!json || typeof json !== 'object' || typeof json.keys !== 'object' || json.keys === null) {
    throw new KeyConfigError(`${where}: expected {"activeKeyId": "...", "keys": {"id": "<base64>"}}`);
  }
  const keys = new Map<string, Buffer>();
  for (const [id, value] of Object.entries(json.keys)) {
    if (!KEY_ID.test(id)) throw new KeyConfigError(`${where}: invalid key id "${id}" (letters, digits, _ . - only)`);
    if (typeof value !== 'string') throw new KeyConfigError(`${where}: key "${id}" must be a base64 string`);
    keys.set(id, decodeKey(value, `${where}: key "${id}"`));
  }
  if (keys.size === 0) throw new KeyConfigError(`${where}: no keys`);
  if (typeof json.activeKeyId !== 'string' || !keys.has(json.activeKeyId)) {
    throw new KeyConfigError(`${where}: activeKeyId "${String(json.activeKeyId)}" is not one of the keys (${[...keys.keys()].join(', ')})`);
  }
  const tokenKey = json.tokenKey !== undefined ? decodeKey(json.tokenKey, `${where}: tokenKey`) : deriveTokenKey(keys.values().next().value!);
  return { activeKeyId: json.activeKeyId, keys, tokenKey };
}

/**
 * The key ring from the environment, or `undefined` when neither KEFU_KEY_FILE nor
 * KEFU_ENCRYPTION_KEY is set (the caller decides whether that is allowed, e.g. in tests).
 */
export function loadKeyRing(env: NodeJS.ProcessEnv = process.env): KeyRing | undefined {
  const file = env.KEFU_KEY_FILE;
  if (file) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new KeyConfigError(`KEFU_KEY_FILE ${file}: ${(err as Error).message}`);
    }
    return keyRingFromJson(json as KeyFile, `KEFU_KEY_FILE ${file}`);
  }
  const raw = env.KEFU_ENCRYPTION_KEY;
  if (raw) {
    const id = env.KEFU_ENCRYPTION_KEY_ID ?? 'env';
    if (!KEY_ID.test(id)) throw new KeyConfigError(`KEFU_ENCRYPTION_KEY_ID: invalid key id "${id}"`);
    const key = decodeKey(raw, 'KEFU_ENCRYPTION_KEY');
    const tokenKey = env.KEFU_TOKEN_KEY ? decodeKey(env.KEFU_TOKEN_KEY, 'KEFU_TOKEN_KEY') : deriveTokenKey(key);
    return { activeKeyId: id, keys: new Map([[id, key]]), tokenKey };
  }
  return undefined;
}

/** A fresh key file (e.g. for `kefu keys init`): one active key and an explicit token key. */
export function generateKeyFile(keyId = 'k1'): KeyFile {
  return { activeKeyId: keyId, keys: { [keyId]: randomBytes(32).toString('base64') }, tokenKey: randomBytes(32).toString('base64') };
}

/** Add a new key and make it active (the old keys stay, for decryption, until rotation finishes). */
export function addKey(file: KeyFile, keyId: string): KeyFile {
  if (!KEY_ID.test(keyId)) throw new KeyConfigError(`invalid key id "${keyId}"`);
  if (file.keys[keyId]) throw new KeyConfigError(`key "${keyId}" already exists`);
  const tokenKey = file.tokenKey ?? deriveTokenKey(decodeKey(Object.values(file.keys)[0]!, 'first key')).toString('base64');
  return { activeKeyId: keyId, keys: { ...file.keys, [keyId]: randomBytes(32).toString('base64') }, tokenKey };
}

// the exact envelope shape (12-byte IV, 16-byte tag), so that a customer message that merely
// looks like `v1:a:b:c:d` is never taken for ciphertext
const ENVELOPE = new RegExp(`^${ENVELOPE_VERSION}:[A-Za-z0-9_.-]{1,40}:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]*={0,2}$`);

export function isEncrypted(value: string | null | undefined): boolean {
  return typeof value === 'string' && ENVELOPE.test(value);
}

/** Key id of an envelope, or undefined for plaintext. */
export function envelopeKeyId(value: string): string | undefined {
  if (!isEncrypted(value)) return undefined;
  return value.split(':')[1];
}

export function encryptField(plaintext: string, ring: KeyRing, aad?: string): string {
  const keyId = ring.activeKeyId;
  const key = ring.keys.get(keyId);
  if (!key) throw new KeyConfigError(`active key "${keyId}" is not in the key ring`);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${ENVELOPE_VERSION}:${keyId}:${iv.toString('base64')}:${tag.toString('base64')}:${ct.toString('base64')}`;
}

export function decryptField(envelope: string, ring: KeyRing, aad?: string): string {
  const parts = envelope.split(':');
  if (parts.length !== 5 || parts[0] !== ENVELOPE_VERSION) {
    throw new DecryptionError(`not an encrypted field (expected ${ENVELOPE_VERSION}:<keyId>:<iv>:<tag>:<ciphertext>)`, undefined);
  }
  const [, keyId, ivB64, tagB64, ctB64] = parts as [string, string, string, string, string];
  const key = ring.keys.get(keyId);
  if (!key) {
    throw new DecryptionError(
      `cannot decrypt: the value was encrypted with key "${keyId}", which is not in the key ring (have: ${[...ring.keys.keys()].join(', ')}). Add it back to KEFU_KEY_FILE.`,
      keyId,
    );
  }
  const iv = Buffer.from(ivB64, 'base64');
  const tag = Buffer.from(tagB64, 'base64');
  if (iv.length !== 12 || tag.length !== 16) throw new DecryptionError(`malformed envelope for key "${keyId}" (iv/tag length)`, keyId);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctB64, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError(
      `cannot decrypt with key "${keyId}": authentication failed (wrong key material for "${keyId}", tampered data, or the value was moved from another record)`,
      keyId,
    );
  }
}

/** Decrypt if encrypted, pass plaintext through (rows written before encryption was enabled). */
export function openField(value: string | null | undefined, ring: KeyRing | undefined, aad?: string): string | null {
  if (value === null || value === undefined) return null;
  if (!isEncrypted(value)) return value;
  if (!ring) throw new DecryptionError(`the value is encrypted with key "${envelopeKeyId(value)}" but no key is configured (KEFU_KEY_FILE / KEFU_ENCRYPTION_KEY)`, envelopeKeyId(value));
  return decryptField(value, ring, aad);
}

// --- rotation -------------------------------------------------------------------------------

/** One row with its encrypted (or still plaintext) fields. */
export interface RotationRow {
  id: string;
  fields: Record<string, string | null>;
  /** associated data per field, if the store binds ciphertexts to their place */
  aad?: Record<string, string>;
}

/**
 * Where rotation reads and writes rows: the store adapter implements it per table.
 * `batch` pages by an opaque cursor in a stable order; `update` writes only the given fields,
 * and should be a compare-and-set on the old values so a concurrent write is not overwritten.
 */
export interface RotationRowSource {
  readonly name: string;
  batch(cursor: string | null, limit: number): Promise<{ rows: RotationRow[]; next: string | null }>;
  update(id: string, fields: Record<string, string>, previous: Record<string, string | null>): Promise<boolean>;
}

export interface RotationProgress {
  source: string;
  scanned: number;
  reencrypted: number;
  encryptedPlaintext: number;
  skipped: number;
  conflicts: number;
  failed: Array<{ id: string; field: string; error: string }>;
  done: boolean;
}

export interface RotationOptions {
  batchSize?: number;
  /** Also encrypt fields still in plaintext (turning encryption on for existing data). */
  encryptPlaintext?: boolean;
  /** Pause between batches (ms) so the rotation yields to live traffic. */
  pauseMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: RotationProgress) => void;
}

/** Re-encrypt every field not under the active key; resumable (only stale fields are touched). */
export async function rotateKeys(source: RotationRowSource, ring: KeyRing, options: RotationOptions = {}): Promise<RotationProgress> {
  const batchSize = options.batchSize ?? 200;
  const p: RotationProgress = { source: source.name, scanned: 0, reencrypted: 0, encryptedPlaintext: 0, skipped: 0, conflicts: 0, failed: [], done: false };
  let cursor: string | null = null;
  for (;;) {
    if (options.signal?.aborted) break;
    const page: { rows: RotationRow[]; next: string | null } = await source.batch(cursor, batchSize);
    for (const row of page.rows) {
      p.scanned++;
      const changes: Record<string, string> = {};
      let plain = 0;
      let re = 0;
      for (const [field, value] of Object.entries(row.fields)) {
        if (value === null || value === undefined) continue;
        const aad = row.aad?.[field];
        if (isEncrypted(value)) {
          if (envelopeKeyId(value) === ring.activeKeyId) continue;
          try {
            changes[field] = encryptField(decryptField(value, ring, aad), ring, aad);
            re++;
          } catch (err) {
            p.failed.push({ id: row.id, field, error: (err as Error).message });
          }
        } else if (options.encryptPlaintext) {
          changes[field] = encryptField(value, ring, aad);
          plain++;
        }
      }
      if (Object.keys(changes).length === 0) {
        p.skipped++;
        continue;
      }
      const ok = await source.update(row.id, changes, row.fields);
      if (ok) {
        p.reencrypted += re;
        p.encryptedPlaintext += plain;
      } else p.conflicts++;
    }
    options.onProgress?.({ ...p, failed: [...p.failed] });
    if (page.next === null) {
      p.done = true;
      break;
    }
    cursor = page.next;
    await new Promise<void>((r) => (options.pauseMs ? setTimeout(r, options.pauseMs) : setImmediate(r)));
  }
  return p;
}

export interface BackgroundRotation {
  readonly promise: Promise<RotationProgress[]>;
  progress(): RotationProgress[];
  cancel(): void;
}

/** Run `rotateKeys` over several sources in the background; `cancel()` stops after the current batch. */
export function startRotation(sources: readonly RotationRowSource[], ring: KeyRing, options: Omit<RotationOptions, 'signal'> = {}): BackgroundRotation {
  const controller = new AbortController();
  const latest = new Map<string, RotationProgress>();
  const promise = (async () => {
    const results: RotationProgress[] = [];
    for (const s of sources) {
      const r = await rotateKeys(s, ring, {
        ...options,
        signal: controller.signal,
        onProgress: (pr) => {
          latest.set(s.name, pr);
          options.onProgress?.(pr);
        },
      });
      latest.set(s.name, r);
      results.push(r);
      if (controller.signal.aborted) break;
    }
    return results;
  })();
  return { promise, progress: () => [...latest.values()], cancel: () => controller.abort() };
}

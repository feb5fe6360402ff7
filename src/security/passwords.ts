/**
 * Password hashing with scrypt (memory-hard; node:crypto, no native add-on).
 *
 * Encoded in the PHC string format with its parameters, so the cost can be raised later and old
 * hashes upgraded on the next successful login (`needsRehash`):
 *
 *   $scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>
 *
 * N = 2^15, r = 8, p = 1 uses 32 MiB per hash (~50–100 ms on a server core), the OWASP baseline.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2(N) */
  ln: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
export const PASSWORD_MIN_LENGTH = 8;
/** Upper bound: hashing a megabyte "password" is a cheap denial of service. */
export const PASSWORD_MAX_LENGTH = 1024;

function scryptAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  const opts: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * params.p + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, HASH_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export class PasswordPolicyError extends Error {
  override name = 'PasswordPolicyError';
}

export function checkPasswordPolicy(password: string): void {
  if (typeof password !== 'string') throw new PasswordPolicyError('password must be a string');
  if ([...password].length < PASSWORD_MIN_LENGTH) throw new PasswordPolicyError(`password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) throw new PasswordPolicyError(`password must have at most ${PASSWORD_MAX_LENGTH} characters`);
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  checkPasswordPolicy(password);
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function parsePasswordHash(encoded: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(encoded);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // refuse absurd parameters from a tampered row (memory exhaustion)
  if (params.ln < 10 || params.ln > 22 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return undefined;
  return { params, salt: Buffer.from(m[4]!, 'base64'), hash: Buffer.from(m[5]!, 'base64') };
}

export interface VerifyResult {
  ok: boolean;
  /** The hash uses weaker parameters than `target`: re-hash with the clear password now. */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, encoded: string, target: ScryptParams = DEFAULT_SCRYPT): Promise<VerifyResult> {
  const parsed = parsePasswordHash(encoded);
  if (!parsed || typeof password !== 'string' || password.length > PASSWORD_MAX_LENGTH) {
    await dummyVerify();
    return { ok: false, needsRehash: false };
  }
  const actual = await scryptAsync(password, parsed.salt, parsed.params);
  const ok = actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
  const p = parsed.params;
  const needsRehash = ok && (p.ln < target.ln || p.r < target.r || p.p < target.p || parsed.hash.length < HASH_BYTES);
  return { ok, needsRehash };
}

let dummy: Promise<string> | undefined;
/**
 * Spend the same time as a real verification: call it when the user does not exist, so response
 * time does not tell which usernames are valid.
 */
export async function dummyVerify(): Promise<void> {
  dummy ??= hashPassword('kefu-dummy-password-for-timing');
  const encoded = await dummy;
  const parsed = parsePasswordHash(encoded)!;
  await scryptAsync('not-the-password', parsed.salt, parsed.params);
}

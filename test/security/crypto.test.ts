import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addKey,
  DecryptionError,
  decryptField,
  encryptField,
  envelopeKeyId,
  generateKeyFile,
  isEncrypted,
  keyRingFromJson,
  KeyConfigError,
  loadKeyRing,
  openField,
  rotateKeys,
  startRotation,
  type RotationRow,
  type RotationRowSource,
} from '../../src/security/crypto.js';

const file1 = generateKeyFile('k1');
const ring1 = keyRingFromJson(file1);

describe('field encryption', () => {
  it('round-trips Chinese text with a key-id envelope and random IVs', () => {
    const text = '客户：我的手机是13812345678，地址北京市朝阳区建国路88号';
    const a = encryptField(text, ring1);
    const b = encryptField(text, ring1);
    expect(a).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('138');
    expect(decryptField(a, ring1)).toBe(text);
    expect(isEncrypted(a)).toBe(true);
    expect(isEncrypted(text)).toBe(false);
    // a message that merely looks like an envelope is text
    expect(isEncrypted('v1:a:b:c:d')).toBe(false);
    expect(isEncrypted('v1:k1:备注:格式:随便写')).toBe(false);
    expect(envelopeKeyId(a)).toBe('k1');
    expect(decryptField(encryptField('', ring1), ring1)).toBe('');
  });

  it('fails clearly, naming the key id', () => {
    const a = encryptField('secret', ring1);
    const other = keyRingFromJson(generateKeyFile('k2'));
    expect(() => decryptField(a, other)).toThrow(/key "k1".*not in the key ring/);
    const wrongMaterial = keyRingFromJson({ activeKeyId: 'k1', keys: { k1: generateKeyFile().keys.k1! } });
    expect(() => decryptField(a, wrongMaterial)).toThrow(DecryptionError);
    expect(() => decryptField(a, wrongMaterial)).toThrow(/key "k1": authentication failed/);
    const parts = a.split(':');
    parts[4] = Buffer.from('tampered!').toString('base64');
    expect(() => decryptField(parts.join(':'), ring1)).toThrow(/authentication failed/);
    try {
      decryptField(a, other);
    } catch (e) {
      expect((e as DecryptionError).keyId).toBe('k1');
    }
  });

  it('associated data binds a ciphertext to its row', () => {
    const a = encryptField('张伟', ring1, 'customers.name:c1');
    expect(decryptField(a, ring1, 'customers.name:c1')).toBe('张伟');
    expect(() => decryptField(a, ring1, 'customers.name:c2')).toThrow(/authentication failed/);
  });

  it('openField passes plaintext through and needs a key for ciphertext', () => {
    expect(openField('plain', undefined)).toBe('plain');
    expect(openField(null, ring1)).toBeNull();
    expect(() => openField(encryptField('x', ring1), undefined)).toThrow(/key "k1".*no key is configured/);
  });
});

describe('key configuration', () => {
  it('reads KEFU_KEY_FILE and KEFU_ENCRYPTION_KEY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-keys-'));
    const path = join(dir, 'keys.json');
    writeFileSync(path, JSON.stringify(file1));
    const r = loadKeyRing({ KEFU_KEY_FILE: path });
    expect(r!.activeKeyId).toBe('k1');
    expect(decryptField(encryptField('x', r!), ring1)).toBe('x');
    const hex = Buffer.alloc(32, 1).toString('hex');
    const e = loadKeyRing({ KEFU_ENCRYPTION_KEY: hex, KEFU_ENCRYPTION_KEY_ID: 'prod1' });
    expect(e!.activeKeyId).toBe('prod1');
    expect(loadKeyRing({})).toBeUndefined();
  });
  it('rejects bad keys with a clear message', () => {
    expect(() => loadKeyRing({ KEFU_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
    expect(() => keyRingFromJson({ activeKeyId: 'k9', keys: file1.keys })).toThrow(/activeKeyId "k9"/);
    expect(() => keyRingFromJson({ activeKeyId: 'a:b', keys: { 'a:b': file1.keys.k1! } })).toThrow(KeyConfigError);
    expect(() => loadKeyRing({ KEFU_KEY_FILE: '/nonexistent/keys.json' })).toThrow(/KEFU_KEY_FILE/);
  });
  it('the token key survives rotation', () => {
    const f2 = addKey(file1, 'k2');
    const r2 = keyRingFromJson(f2);
    expect(r2.activeKeyId).toBe('k2');
    expect(r2.tokenKey.equals(ring1.tokenKey)).toBe(true);
    // without an explicit token key it is derived from the first key, which stays first
    const noTok = { activeKeyId: 'k1', keys: file1.keys };
    const rotated = addKey(noTok, 'k2');
    expect(keyRingFromJson(rotated).tokenKey.equals(keyRingFromJson(noTok).tokenKey)).toBe(true);
  });
});

class MemorySource implements RotationRowSource {
  name = 'turns';
  rows: RotationRow[] = [];
  updates = 0;
  async batch(cursor: string | null, limit: number) {
    const start = cursor ? Number(cursor) : 0;
    const rows = this.rows.slice(start, start + limit).map((r) => ({ ...r, fields: { ...r.fields } }));
    const next = start + limit < this.rows.length ? String(start + limit) : null;
    return { rows, next };
  }
  async update(id: string, fields: Record<string, string>, previous: Record<string, string | null>) {
    const row = this.rows.find((r) => r.id === id)!;
    for (const k of Object.keys(fields)) if (row.fields[k] !== previous[k]) return false; // compare-and-set
    Object.assign(row.fields, fields);
    this.updates++;
    return true;
  }
}

describe('key rotation', () => {
  it('re-encrypts every row in batches under the new key, keeps plaintext unless asked', async () => {
    const src = new MemorySource();
    for (let i = 0; i < 25; i++) {
      src.rows.push({ id: `r${i}`, fields: { text: encryptField(`第${i}句`, ring1, `t:${i}`), phone: i % 5 === 0 ? null : encryptField('13812345678', ring1) }, aad: { text: `t:${i}` } });
    }
    src.rows.push({ id: 'plain', fields: { text: '未加密的旧数据', phone: null } });
    const ring2 = keyRingFromJson(addKey(file1, 'k2'));
    const progress: number[] = [];
    const p = await rotateKeys(src, ring2, { batchSize: 7, onProgress: (x) => progress.push(x.scanned) });
    expect(p.done).toBe(true);
    expect(p.scanned).toBe(26);
    expect(p.reencrypted).toBe(25 + 20);
    expect(p.failed).toEqual([]);
    expect(progress).toEqual([7, 14, 21, 26]);
    for (const r of src.rows.slice(0, 25)) {
      expect(envelopeKeyId(r.fields.text!)).toBe('k2');
      expect(decryptField(r.fields.text!, ring2, r.aad!.text)).toMatch(/^第\d+句$/);
    }
    expect(src.rows[25]!.fields.text).toBe('未加密的旧数据');
    // idempotent: a second pass touches nothing
    const again = await rotateKeys(src, ring2);
    expect(again.reencrypted).toBe(0);
    const enc = await rotateKeys(src, ring2, { encryptPlaintext: true });
    expect(enc.encryptedPlaintext).toBe(1);
    expect(decryptField(src.rows[25]!.fields.text!, ring2)).toBe('未加密的旧数据');
  });

  it('reports rows whose key is gone without stopping, and runs in the background', async () => {
    const src = new MemorySource();
    const lost = keyRingFromJson(generateKeyFile('k0'));
    src.rows.push({ id: 'a', fields: { text: encryptField('x', lost) } }, { id: 'b', fields: { text: encryptField('y', ring1) } });
    const ring2 = keyRingFromJson(addKey(file1, 'k2'));
    const bg = startRotation([src], ring2, { batchSize: 1 });
    const [p] = await bg.promise;
    expect(p!.failed).toHaveLength(1);
    expect(p!.failed[0]!.error).toMatch(/"k0"/);
    expect(envelopeKeyId(src.rows[1]!.fields.text!)).toBe('k2');
    expect(bg.progress()[0]!.done).toBe(true);
  });

  it('cancel stops after the current batch', async () => {
    const src = new MemorySource();
    for (let i = 0; i < 50; i++) src.rows.push({ id: `r${i}`, fields: { text: encryptField('x', ring1) } });
    const ring2 = keyRingFromJson(addKey(file1, 'k2'));
    const bg = startRotation([src], ring2, { batchSize: 5, pauseMs: 5 });
    bg.cancel();
    const [p] = await bg.promise;
    expect(p!.done).toBe(false);
    expect(p!.scanned).toBeLessThan(50);
  });
});

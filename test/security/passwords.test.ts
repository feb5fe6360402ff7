import { describe, expect, it } from 'vitest';
import { dummyVerify, hashPassword, parsePasswordHash, PasswordPolicyError, verifyPassword } from '../../src/security/passwords.js';

describe('passwords (scrypt)', () => {
  it('hashes with a per-user salt and encoded parameters', async () => {
    const a = await hashPassword('correct horse 电池');
    const b = await hashPassword('correct horse 电池');
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)!.salt).toHaveLength(16);
    expect(await verifyPassword('correct horse 电池', a)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword('correct horse 电池!', a)).ok).toBe(false);
  });
  it('flags weaker hashes for upgrade', async () => {
    const weak = await hashPassword('password-123', { ln: 12, r: 8, p: 1 });
    expect(await verifyPassword('password-123', weak)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('wrong-password', weak)).toEqual({ ok: false, needsRehash: false });
  });
  it('rejects malformed or abusive input without throwing', async () => {
    expect((await verifyPassword('x', 'not a hash')).ok).toBe(false);
    expect((await verifyPassword('x', '$scrypt$ln=30,r=8,p=1$AAAA$AAAA')).ok).toBe(false);
    expect((await verifyPassword('x'.repeat(5000), '$scrypt$ln=15,r=8,p=1$AAAA$AAAA')).ok).toBe(false);
    await expect(hashPassword('short')).rejects.toThrow(PasswordPolicyError);
    await expect(hashPassword('x'.repeat(2000))).rejects.toThrow(/at most/);
    await dummyVerify();
  });
});

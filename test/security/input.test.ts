import { describe, expect, it } from 'vitest';
import { csvSafe, safeUploadName } from '../../src/security/input.js';

describe('safeUploadName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\config', 'config'],
    ['/absolute/path/对话记录.jsonl', '对话记录.jsonl'],
    ['..', 'upload'],
    ['.hidden', 'hidden'],
    ['a\u0000b.csv', 'ab.csv'],
    ['con<>:"|?*.txt', 'con.txt'],
    ['', 'upload'],
    ['..%2f..%2fetc%2fpasswd', '..%2f..%2fetc%2fpasswd'.replace(/^\.+/, '')],
  ])('%s → %s', (input, expected) => {
    expect(safeUploadName(input)).toBe(expected);
  });
  it('bounds length', () => {
    expect(safeUploadName('x'.repeat(1000))).toHaveLength(200);
  });
  it('csv formula injection', () => {
    expect(csvSafe('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(csvSafe('您好')).toBe('您好');
  });
});

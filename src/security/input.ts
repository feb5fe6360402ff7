/**
 * Untrusted input helpers shared by routes.
 */

/**
 * The name an uploaded file is recorded under: the last path component only (both / and \),
 * control characters and reserved characters removed, no leading dots, at most 200 characters.
 * It is a label, never a path: Kefu does not write uploads to disk under their given name.
 */
export function safeUploadName(name: string | undefined | null, fallback = 'upload'): string {
  if (typeof name !== 'string') return fallback;
  let base = name.replace(/\0/g, '').split(/[\\/]/).pop() ?? '';
  base = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^[.\s]+/, '')
    .trim();
  if (base === '' || base === '.' || base === '..') return fallback;
  return base.length > 200 ? base.slice(0, 200) : base;
}

/** Characters that make a value a formula when a CSV export is opened in a spreadsheet. */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

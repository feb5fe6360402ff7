/**
 * Bad input is reported with where it is: file, line or record, and field. Importers throw these
 * (or hand them to the caller with --skip-invalid) so a run never dies without saying where.
 */
export interface InputLocation {
  file: string;
  /** 1-based line in the file (JSONL, CSV, transcripts). */
  line?: number;
  /** 0-based record index within the file (JSON arrays, CSV conversations). */
  record?: number;
  /** Conversation id, when it is known. */
  conversationId?: string;
  /** Dotted path of the offending field, e.g. `turns[3].role`. */
  field?: string;
}

export class InputError extends Error {
  readonly location: InputLocation;
  readonly reason: string;

  constructor(location: InputLocation, reason: string) {
    super(`${formatLocation(location)}: ${reason}`);
    this.name = 'InputError';
    this.location = location;
    this.reason = reason;
  }

  toJSON(): InputLocation & { reason: string } {
    return { ...this.location, reason: this.reason };
  }
}

export function formatLocation(loc: InputLocation): string {
  const parts = [loc.file];
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.record !== undefined) parts.push(`record ${loc.record}`);
  if (loc.conversationId !== undefined) parts.push(`conversation ${loc.conversationId}`);
  if (loc.field !== undefined) parts.push(`field ${loc.field}`);
  return parts.join(', ');
}

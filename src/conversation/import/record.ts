/** Turning one record into an ImportItem: the bad ones become values, not exceptions. */
import { InputError, type InputLocation } from '../errors.js';
import { toConversation, type ValidateOptions } from '../validate.js';
import type { ImportItem } from './options.js';

/** Validates a record; a validation failure is returned so that the reader can go on. */
export function validated(raw: unknown, loc: InputLocation, options: ValidateOptions): ImportItem {
  try {
    return toConversation(raw, loc, options);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

/** Parses and validates one JSON record (a JSONL line or a JSON array element). */
export function parseRecord(text: string, loc: InputLocation, options: ValidateOptions): ImportItem {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return new InputError(loc, `broken JSON: ${(err as Error).message}`);
  }
  return validated(raw, loc, options);
}

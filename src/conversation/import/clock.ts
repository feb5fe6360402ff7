/** `mm:ss`, `hh:mm:ss` or a plain number of seconds. */
const CLOCK = /^(?:(?:(\d{1,2}):)?(\d{1,2}):(\d{2}(?:\.\d+)?)|(\d+(?:\.\d+)?))$/;

/** Seconds from the start of a call, or undefined when `text` is not a clock offset. */
export function clockSeconds(text: string): number | undefined {
  const match = CLOCK.exec(text.trim());
  if (!match) return undefined;
  if (match[4] !== undefined) return Number(match[4]);
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/**
 * Split a turn's text into plain and highlighted segments from evidence spans (UTF-16 offsets of
 * the original text). Where spans overlap, the text is cut at every span boundary and each piece
 * carries every span covering it, so a short span inside a longer one stays visible.
 */
export interface Span<T> {
  start: number;
  end: number;
  value: T;
}

export interface Segment<T> {
  text: string;
  start: number;
  end: number;
  /** Empty for plain text. */
  marks: T[];
}

export function segmentText<T>(text: string, spans: readonly Span<T>[]): Segment<T>[] {
  const valid = spans
    .map((s) => ({ ...s, start: Math.max(0, Math.min(s.start, text.length)), end: Math.max(0, Math.min(s.end, text.length)) }))
    .filter((s) => s.end > s.start);
  const bounds = [...new Set([0, text.length, ...valid.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const segments: Segment<T>[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    const marks = valid.filter((s) => s.start <= start && s.end >= end).map((s) => s.value);
    const last = segments[segments.length - 1];
    if (last && last.marks.length === marks.length && last.marks.every((m, j) => m === marks[j])) {
      last.text += text.slice(start, end);
      last.end = end;
    } else segments.push({ text: text.slice(start, end), start, end, marks });
  }
  return segments;
}

/** Apply a replacement to a draft (offsets of the draft as it was checked). */
export function applyReplacement(draft: string, replacement: { start: number; end: number; text: string }): string {
  return draft.slice(0, replacement.start) + replacement.text + draft.slice(replacement.end);
}

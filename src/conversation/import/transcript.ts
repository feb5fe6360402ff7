/**
 * Plain-text transcripts, one utterance per line:
 *
 *     === id: call-001 channel: call agent: 1024 ===
 *     客服 [00:00:03]：您好，很高兴为您服务
 *     客户 00:05: 我的宽带断了
 *     A: …
 *
 * A `=== key: value … ===` header starts a conversation; without one the whole file is one
 * conversation named after the file. A line that does not start with a known speaker label
 * continues the previous turn, so only labels in the role map start turns (a line such as
 * `订单号：123` inside a message is not mistaken for a speaker).
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import type { Role } from '../model.js';
import { ROLE_SYNONYMS } from '../validate.js';
import { clockSeconds } from './clock.js';
import { readLines } from './lines.js';
import { validated } from './record.js';
import { DEFAULT_MAX_RECORD_BYTES, type ImportItem, type ImportOptions } from './options.js';

/** Two-party transcripts often just say A and B; A is the one who answers the line. */
export const TRANSCRIPT_SPEAKERS: Readonly<Record<string, Role>> = { ...ROLE_SYNONYMS, a: 'agent', b: 'customer' };

const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const HEADER = /^={3,}\s*(.*?)\s*={3,}$/;
const HEADER_PAIR = /([^\s:：]+)\s*[:：]\s*(\S+)/g;

/** Header keys (lower-cased) and the conversation field they fill; others go to `meta`. */
const HEADER_KEYS: Readonly<Record<string, string>> = {
  id: 'id',
  会话id: 'id',
  channel: 'channel',
  渠道: 'channel',
  agent: 'agentId',
  agentid: 'agentId',
  客服id: 'agentId',
  工号: 'agentId',
  customer: 'customerId',
  customerid: 'customerId',
  客户id: 'customerId',
  team: 'teamId',
  teamid: 'teamId',
  团队: 'teamId',
  startedat: 'startedAt',
  开始时间: 'startedAt',
  source: 'source',
};

/** `label [time]：text`, `label time: text`, `[time] label：text`; both colon widths. */
function speakerPattern(labels: readonly string[]): RegExp {
  const alternatives = [...labels]
    .sort((a, b) => b.length - a.length)
    .map((label) => label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  return new RegExp(
    String.raw`^\s*(?:\[(${TIME})\]\s*)?(${alternatives})\s*(?:\[(${TIME})\]|(${TIME}))?\s*[:：](.*)$`,
    'i',
  );
}

interface Draft {
  line: number;
  record: number;
  fields: Record<string, string>;
  meta: Record<string, string>;
  turns: { role: string; text: string; start?: number }[];
  turnLines: number[];
}

export async function* readTranscript(file: string, options: ImportOptions): AsyncGenerator<ImportItem> {
  const speaker = speakerPattern(Object.keys(TRANSCRIPT_SPEAKERS));
  const fileId = path.basename(file, path.extname(file));
  let draft: Draft | undefined;
  let record = 0;
  const newDraft = (line: number, fields: Record<string, string> = {}, meta: Record<string, string> = {}): Draft => ({
    line,
    record: record++,
    fields,
    meta,
    turns: [],
    turnLines: [],
  });

  for await (const line of readLines(file, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES)) {
    if (line instanceof InputError) {
      yield line;
      continue;
    }
    const text = line.text.trim();
    if (text === '') continue;
    const header = HEADER.exec(text);
    if (header) {
      if (draft) yield finish(file, draft, options);
      const { fields, meta } = parseHeader(header[1] ?? '');
      draft = newDraft(line.number, fields, meta);
      continue;
    }
    const turn = speaker.exec(text);
    if (turn) {
      draft ??= newDraft(line.number, { id: fileId });
      const time = turn[1] ?? turn[3] ?? turn[4];
      const start = time === undefined ? undefined : clockSeconds(time);
      draft.turns.push({ role: turn[2] ?? '', text: (turn[5] ?? '').trim(), ...(start === undefined ? {} : { start }) });
      draft.turnLines.push(line.number);
      continue;
    }
    const previous = draft?.turns.at(-1);
    if (!previous) {
      yield new InputError({ file, line: line.number }, `text before the first speaker line (expected e.g. "客服：…")`);
      continue;
    }
    previous.text = previous.text === '' ? text : `${previous.text}\n${text}`;
  }
  if (draft) yield finish(file, draft, options);
}

function parseHeader(body: string): { fields: Record<string, string>; meta: Record<string, string> } {
  const fields: Record<string, string> = {};
  const meta: Record<string, string> = {};
  for (const [, key = '', value = ''] of body.matchAll(HEADER_PAIR)) {
    const field = HEADER_KEYS[key.toLowerCase()];
    if (field) fields[field] = value;
    else meta[key] = value;
  }
  return { fields, meta };
}

function finish(file: string, draft: Draft, options: ImportOptions): ImportItem {
  const timed = draft.turns.some((turn) => turn.start !== undefined);
  const raw = {
    ...draft.fields,
    // A transcript that says nothing about its channel is a call if it carries call offsets.
    channel: draft.fields['channel'] ?? options.defaultChannel ?? (timed ? 'call' : 'chat'),
    turns: draft.turns,
    ...(Object.keys(draft.meta).length > 0 ? { meta: draft.meta } : {}),
  };
  return validated(raw, { file, line: draft.line, record: draft.record }, {
    roles: TRANSCRIPT_SPEAKERS,
    turnLines: draft.turnLines,
  });
}

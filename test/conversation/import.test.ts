import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/conversation/errors.js';
import { listInputFiles, readConversations, readPaths, type ImportOptions } from '../../src/conversation/import/index.js';
import type { Conversation } from '../../src/conversation/model.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(repoRoot, 'test/fixtures/import');
const fixture = (name: string): string => path.join(fixtures, name);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kefu-import-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, content);
  return file;
}

async function collect(iterable: AsyncIterable<Conversation>): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for await (const conversation of iterable) out.push(conversation);
  return out;
}

/** Reads with skipInvalid and returns both the conversations and the reported errors. */
async function readAll(file: string, options: ImportOptions = {}): Promise<{ ok: Conversation[]; errors: InputError[] }> {
  const errors: InputError[] = [];
  const ok = await collect(readConversations(file, { ...options, skipInvalid: true, onInvalid: (e) => errors.push(e) }));
  return { ok, errors };
}

/** Reads without skipInvalid: the conversations yielded before the error, and the error. */
async function readUntilError(file: string, options: ImportOptions = {}): Promise<{ ok: Conversation[]; error: InputError }> {
  const ok: Conversation[] = [];
  try {
    for await (const conversation of readConversations(file, options)) ok.push(conversation);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return { ok, error: err as InputError };
  }
  throw new Error(`expected ${file} to fail`);
}

describe('JSON Lines', () => {
  it('reads Simplified and Traditional chats, a call with call info, and role synonyms', async () => {
    const conversations = await collect(readConversations(fixture('chats.jsonl')));
    expect(conversations.map((c) => c.id)).toEqual(['tb-20240301-0001', 'tw-20240302-0107', 'call-10086-0042']);
    const [taobao, taiwan, call] = conversations as [Conversation, Conversation, Conversation];
    expect(taobao).toMatchObject({ agentId: 'kf-017', customerId: 'u-88231', teamId: '售后一组', source: 'taobao-export' });
    expect(taobao.turns[0]).toEqual({ role: 'customer', text: '在吗？我买的羽绒服尺码偏小😭', ts: '2024-03-01T10:02:11+08:00' });
    expect(taobao.meta).toEqual({ shop: '北方户外旗舰店' });
    expect(taiwan.turns.map((t) => t.role)).toEqual(['customer', 'agent', 'customer', 'agent']);
    expect(taiwan.turns[2]?.text).toBe('好的，謝謝 🙏');
    expect(call.call).toEqual({ rings: 2, holdSeconds: 35, afterCallWorkSeconds: 48, hungUpBy: 'customer', queueSeconds: 12 });
    expect(call.turns[2]).toEqual({ role: 'agent', text: '请您稍等，我帮您查询一下。', start: 8, end: 10.2 });
  });

  it('strips a UTF-8 BOM and accepts CRLF line ends', async () => {
    const conversations = await collect(readConversations(fixture('bom-crlf.jsonl')));
    expect(conversations.map((c) => c.id)).toEqual(['bom-1', 'bom-2']);
    expect(conversations[1]?.turns[1]?.text).toBe('您好，原路退回一般 1～3 个工作日。');
  });

  it('yields the good records, then throws an error naming file and line for broken JSON', async () => {
    const { ok, error } = await readUntilError(fixture('bad.jsonl'));
    expect(ok.map((c) => c.id)).toEqual(['ok-1']);
    expect(error.location).toMatchObject({ file: fixture('bad.jsonl'), line: 2 });
    expect(error.message).toContain('bad.jsonl, line 2');
    expect(error.message).toContain('broken JSON');
  });

  it('with skipInvalid reports every bad record with file, line, conversation and field, and goes on', async () => {
    const { ok, errors } = await readAll(fixture('bad.jsonl'));
    expect(ok.map((c) => c.id)).toEqual(['ok-1', 'ok-11']);
    const summary = errors.map((e) => [e.location.line, e.location.conversationId, e.location.field]);
    expect(summary).toEqual([
      [2, undefined, undefined],
      [3, 'role-3', 'turns[1].role'],
      [4, 'empty-4', 'turns[1].text'],
      [5, 'ts-5', 'turns[0].ts'],
      [6, 'end-6', 'turns[0].end'],
      [7, 'channel-7', 'channel'],
      [8, undefined, 'id'],
      [9, 'type-9', 'turns[0].text'],
      [10, 'start-10', 'turns[0].start'],
    ]);
    for (const error of errors) expect(error.message).toMatch(/bad\.jsonl, line \d+/);
    expect(errors[1]?.message).toBe(
      `${fixture('bad.jsonl')}, line 3, conversation role-3, field turns[1].role: unknown role "经理"`,
    );
    expect(errors[2]?.reason).toBe('empty text');
    expect(errors[3]?.reason).toContain('unparseable time "昨天下午"');
    expect(errors[4]?.reason).toBe('end 3 is before start 5');
    expect(errors[5]?.reason).toContain('unknown channel "wechat"');
    expect(errors[6]?.reason).toBe('missing id');
    expect(errors[7]?.reason).toBe('text must be a string, got number 12345');
  });

  it('uses defaultChannel for records without a channel, and rejects them without one', async () => {
    const file = await writeTemp('no-channel.jsonl', '{"id":"n-1","turns":[{"role":"customer","text":"你好"}]}\n');
    const [conversation] = await collect(readConversations(file, { defaultChannel: 'email' }));
    expect(conversation?.channel).toBe('email');
    const { error } = await readUntilError(file);
    expect(error.location).toMatchObject({ line: 1, conversationId: 'n-1', field: 'channel' });
  });

  it('rejects a GBK file with "not UTF-8 (GBK?)" and the first bad line', async () => {
    // 客服 in GBK is C7 BF B7 FE; 您好 is C4 FA BA C3. Line 1 is plain ASCII and valid.
    const gbk = Buffer.concat([
      Buffer.from('{"id":"ascii-1","channel":"chat","turns":[{"role":"agent","text":"hello"}]}\n'),
      Buffer.from('{"id":"gbk-2","channel":"chat","turns":[{"role":"'),
      Buffer.from([0xc7, 0xbf, 0xb7, 0xfe]),
      Buffer.from('","text":"'),
      Buffer.from([0xc4, 0xfa, 0xba, 0xc3]),
      Buffer.from('"}]}\n'),
    ]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const file = await writeTemp('gbk.jsonl', gbk);
    const { ok, error } = await readUntilError(file);
    expect(ok.map((c) => c.id)).toEqual(['ascii-1']);
    expect(error.location).toEqual({ file, line: 2 });
    expect(error.message).toBe(`${file}, line 2: file is not UTF-8 (GBK?)`);

    const skipped = await readAll(file);
    expect(skipped.errors.map((e) => e.reason)).toEqual(['file is not UTF-8 (GBK?)']);
  });

  it('finds the bad line of a GBK file past the first read chunk', async () => {
    const goodLine = '{"id":"x","channel":"chat","turns":[{"role":"agent","text":"您好，很高兴为您服务"}]}\n';
    const lines = 2000; // ~200 KB, several 64 KB stream chunks
    const file = await writeTemp('late-gbk.jsonl', Buffer.concat([Buffer.from(goodLine.repeat(lines)), Buffer.from([0xc7, 0xbf, 0x0a])]));
    const { ok, error } = await readUntilError(file);
    expect(ok).toHaveLength(lines);
    expect(error.location.line).toBe(lines + 1);
  });

  it('reports a line longer than maxRecordBytes without buffering it, and goes on', async () => {
    const long = `{"id":"long","channel":"chat","turns":[{"role":"agent","text":"${'长'.repeat(5000)}"}]}`;
    const short = '{"id":"short","channel":"chat","turns":[{"role":"agent","text":"您好"}]}';
    const file = await writeTemp('long.jsonl', `${long}\n${short}\n`);
    const { ok, errors } = await readAll(file, { maxRecordBytes: 1024 });
    expect(ok.map((c) => c.id)).toEqual(['short']);
    expect(errors[0]?.location).toEqual({ file, line: 1 });
    expect(errors[0]?.reason).toContain('maxRecordBytes');
  });

  it('stops reading when the caller stops', async () => {
    for await (const conversation of readConversations(fixture('chats.jsonl'))) {
      expect(conversation.id).toBe('tb-20240301-0001');
      break;
    }
  });
});

describe('JSON array', () => {
  it('splits elements whose strings hold brackets, quotes and backslashes', async () => {
    const conversations = await collect(readConversations(fixture('conversations.json')));
    expect(conversations.map((c) => c.id)).toEqual(['jd-0001', 'jd-0002', 'jd-0003']);
    expect(conversations[1]?.turns[0]?.text).toBe('他说："明天到"，结果又延误了]]}}，怎么回事？😡');
    expect(conversations[1]?.turns[1]?.text).toContain('\\ 今天');
    expect(conversations[2]?.turns.map((t) => t.role)).toEqual(['customer', 'agent']);
  });

  it('names record index and line of a broken or invalid element, and goes on with skipInvalid', async () => {
    const file = await writeTemp(
      'array.json',
      [
        '[',
        '  {"id":"a-0","channel":"chat","turns":[{"role":"customer","text":"你好"}]},',
        '  {"id":"a-1","channel":"chat","turns":[{"role":"customer" "text":"漏了逗号"}]},',
        '  {"id":"a-2","channel":"chat","turns":[{"role":"customer"}]},',
        '  {"id":"a-3","channel":"chat","turns":[{"role":"agent","text":"您好"}]}',
        ']',
      ].join('\n'),
    );
    const { ok, errors } = await readAll(file);
    expect(ok.map((c) => c.id)).toEqual(['a-0', 'a-3']);
    expect(errors.map((e) => e.location)).toEqual([
      { file, line: 3, record: 1 },
      { file, line: 4, record: 2, conversationId: 'a-2', field: 'turns[0].text' },
    ]);
    expect(errors[0]?.reason).toContain('broken JSON');
  });

  it('reports a missing field with record index, line and field', async () => {
    const file = await writeTemp(
      'array-field.json',
      '[{"id":"f-0","channel":"chat","turns":[{"role":"customer","text":"你好"}]},\n {"id":"f-1","channel":"chat","turns":[{"role":"customer"}]}]',
    );
    const { ok, error } = await readUntilError(file);
    expect(ok.map((c) => c.id)).toEqual(['f-0']);
    expect(error.location).toEqual({ file, line: 2, record: 1, conversationId: 'f-1', field: 'turns[0].text' });
    expect(error.message).toContain('array-field.json, line 2, record 1, conversation f-1, field turns[0].text: missing text');
  });

  it('fails with the line when the file is not an array or ends early', async () => {
    const notArray = await writeTemp('object.json', '\n{"id":"x"}');
    expect((await readUntilError(notArray)).error.message).toBe(`${notArray}, line 2: expected a JSON array of conversations, found "{"`);
    const truncated = await writeTemp('truncated.json', '[\n{"id":"t-0","channel":"chat","turns":[{"role":"agent","text":"您好"}]},\n{"id":"t-1",');
    const { ok, error } = await readUntilError(truncated);
    expect(ok.map((c) => c.id)).toEqual(['t-0']);
    expect(error.message).toContain('unexpected end of file: record 1 starting at line 3 is unterminated');
  });

  it('streams an array written on one long line, with characters split across read chunks', async () => {
    const element = (i: number): string =>
      JSON.stringify({ id: `one-${i}`, channel: 'chat', turns: [{ role: '客户', text: `第${i}个问题：发票抬头写错了怎么办？🧾` }] });
    const count = 3000; // ~300 KB without a newline: many 64 KB chunks
    const file = await writeTemp('one-line.json', `[${Array.from({ length: count }, (_, i) => element(i)).join(',')}]`);
    const conversations = await collect(readConversations(file));
    expect(conversations).toHaveLength(count);
    expect(conversations[count - 1]?.turns[0]?.text).toBe(`第${count - 1}个问题：发票抬头写错了怎么办？🧾`);
  });

  it('accepts an empty array', async () => {
    const file = await writeTemp('empty.json', ' [ ] \n');
    expect(await collect(readConversations(file))).toEqual([]);
  });
});

describe('CSV', () => {
  it('reads consecutive rows with the default Chinese header, multi-line cells and time stamps', async () => {
    const conversations = await collect(readConversations(fixture('messages.csv')));
    expect(conversations.map((c) => [c.id, c.channel, c.agentId, c.turns.length])).toEqual([
      ['wx-1001', 'chat', 'kf-031', 5],
      ['wx-1002', 'chat', 'kf-044', 2],
    ]);
    const first = conversations[0] as Conversation;
    expect(first.turns.map((t) => t.role)).toEqual(['customer', 'bot', 'agent', 'customer', 'agent']);
    expect(first.turns[3]?.text).toBe('4412 0987，麻烦看一下\n是不是放快递柜了');
    expect(first.turns[0]?.ts).toBe('2024-03-05 09:12:03');
  });

  it('gives a multi-line row the line it starts on, with CRLF inside quotes', async () => {
    const file = await writeTemp('multiline.csv', '会话ID,角色,内容\r\nm-1,客服,"您好\r\n请问"\r\nm-1,经理,"第一行\r\n第二行"\r\n');
    const { error } = await readUntilError(file);
    expect(error.location).toMatchObject({ line: 4, conversationId: 'm-1', field: 'turns[1].role' });
    const [conversation] = await collect(readConversations(file, { csv: { roles: { 经理: 'agent' } } }));
    expect(conversation?.turns.map((t) => t.text)).toEqual(['您好\n请问', '第一行\n第二行']);
  });

  it('groups interleaved conversations by id, maps 1/0 roles and reads mm:ss as call offsets', async () => {
    const conversations = await collect(readConversations(fixture('interleaved.csv')));
    expect(conversations.map((c) => c.id)).toEqual(['s-1', 's-2']);
    expect(conversations[0]?.turns).toEqual([
      { role: 'customer', text: '怎么修改收货地址？', start: 0 },
      { role: 'agent', text: '您好，发货前可以在订单详情里修改哦', start: 25 },
      { role: 'customer', text: '好的谢谢', start: 40 },
    ]);
    expect(conversations[1]?.agentId).toBe('kf-9');
    expect(conversations[1]?.turns[2]?.start).toBe(62);
  });

  it('with grouping "consecutive" trusts the order and splits on every id change', async () => {
    const conversations = await collect(readConversations(fixture('interleaved.csv'), { csv: { grouping: 'consecutive' } }));
    expect(conversations.map((c) => c.id)).toEqual(['s-1', 's-2', 's-1', 's-2', 's-1', 's-2']);
  });

  it('takes a custom column mapping, delimiter and role names', async () => {
    const conversations = await collect(
      readConversations(fixture('custom-columns.csv'), {
        defaultChannel: 'chat',
        csv: {
          delimiter: ';',
          columns: { id: '工单号', role: '发送人', text: '聊天内容', time: '发送时间' },
          roles: { 小王: 'agent' },
        },
      }),
    );
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.turns.map((t) => t.role)).toEqual(['agent', 'customer', 'agent']);
    expect(conversations[0]?.turns[1]?.ts).toBe('2024-04-01T08:31:10+08:00');
  });

  it('reads a header-less file by column index', async () => {
    const file = await writeTemp('indexed.csv', 'c-1,客服,您好\nc-1,买家,在吗\n');
    const [conversation] = await collect(readConversations(file, { csv: { header: false, columns: { id: 0, role: 1, text: 2 } } }));
    expect(conversation?.turns.map((t) => t.role)).toEqual(['agent', 'customer']);
  });

  it('names the column it could not find', async () => {
    const file = await writeTemp('no-role.csv', '会话ID,内容\nx,你好\n');
    const { error } = await readUntilError(file);
    expect(error.location).toEqual({ file, line: 1, field: 'role' });
    expect(error.reason).toContain('set csv.columns.role');
  });

  it('points a bad row at its own line and conversation', async () => {
    const file = await writeTemp('bad-rows.csv', '会话ID,角色,内容\nr-1,客服,您好\nr-1,店长,嗯\n,客户,没有会话\nr-2,客户,  \nr-3,客户,你好\n');
    const { ok, errors } = await readAll(file);
    expect(ok.map((c) => c.id)).toEqual(['r-3']);
    expect(errors.map((e) => [e.location.line, e.location.conversationId, e.location.field])).toEqual([
      // Bad rows are reported after the conversation that was open around them.
      [3, 'r-1', 'turns[1].role'],
      [4, undefined, 'id'],
      [5, 'r-2', 'turns[0].text'],
    ]);
    expect(errors[0]?.message).toContain('bad-rows.csv, line 3, record 0, conversation r-1, field turns[1].role: unknown role "店长"');
  });

  it('reports broken CSV quoting with its line and keeps the rows before it', async () => {
    const file = await writeTemp('quote.csv', '会话ID,角色,内容\nq-1,客服,您好\nq-1,客户,"没关上的引号\n');
    const { ok, error } = await readUntilError(file);
    expect(ok.map((c) => c.id)).toEqual(['q-1']);
    expect(error.message).toMatch(/quote\.csv, line \d+: broken CSV: Quote Not Closed/);
  });

  it('rejects GBK bytes with the line, after the good conversations', async () => {
    const file = await writeTemp(
      'gbk.csv',
      Buffer.concat([
        Buffer.from('会话ID,角色,内容\ng-1,agent,hello\ng-2,'),
        Buffer.from([0xc7, 0xbf, 0xb7, 0xfe]), // 客服 in GBK
        Buffer.from(',hi\n'),
      ]),
    );
    const { ok, error } = await readUntilError(file);
    expect(ok.map((c) => c.id)).toEqual(['g-1']);
    expect(error.message).toBe(`${file}, line 3: file is not UTF-8 (GBK?)`);
  });
});

describe('plain-text transcripts', () => {
  it('reads headed conversations with every speaker-line form, times and continuation lines', async () => {
    const conversations = await collect(readConversations(fixture('transcripts.txt')));
    expect(conversations.map((c) => [c.id, c.channel])).toEqual([
      ['call-0001', 'call'],
      ['chat-0002', 'chat'],
      ['call-0003', 'call'],
    ]);
    const call = conversations[0] as Conversation;
    expect(call.agentId).toBe('gh-1024');
    expect(call.meta).toEqual({ queue: '投诉' });
    expect(call.turns.map((t) => [t.role, t.start])).toEqual([
      ['agent', 0],
      ['customer', 4],
      ['agent', 12],
      ['customer', 30],
      ['agent', 41],
      ['customer', undefined],
      ['agent', undefined],
    ]);
    expect(call.turns[2]?.text).toBe('非常抱歉给您带来不便，\n我先帮您查一下线路状态。');
    const chat = conversations[1] as Conversation;
    expect(chat.turns.map((t) => t.role)).toEqual(['agent', 'customer', 'agent']);
    expect(chat.turns[1]?.text).toBe('哈囉，我的訂單還沒出貨 😢');
    const hours = conversations[2] as Conversation;
    expect(hours.turns[0]?.start).toBe(3723);
    // `订单号：…` is not a speaker label, so it continues the customer's turn.
    expect(hours.turns[1]?.text).toBe('麻烦查一下这个单\n订单号：123456');
  });

  it('names a header-less file after itself', async () => {
    const [conversation] = await collect(readConversations(fixture('来电-0001.txt'), { defaultChannel: 'call' }));
    expect(conversation?.id).toBe('来电-0001');
    expect(conversation?.channel).toBe('call');
    expect(conversation?.turns.map((t) => t.role)).toEqual(['agent', 'customer', 'agent']);
  });

  it('reports text before the first speaker and an empty turn with their lines', async () => {
    const file = await writeTemp('bad.txt', '前言没有说话人\n=== id: e-1 channel: call ===\n客服 [00:01]：\n客户：你好\n=== id: e-2 ===\n客服：您好\n');
    const { ok, errors } = await readAll(file);
    expect(ok.map((c) => c.id)).toEqual(['e-2']);
    expect(errors.map((e) => [e.location.line, e.location.conversationId, e.location.field])).toEqual([
      [1, undefined, undefined],
      [3, 'e-1', 'turns[0].text'],
    ]);
    expect(errors[0]?.message).toContain('bad.txt, line 1: text before the first speaker line');
  });
});

describe('choosing files', () => {
  it('walks directories recursively in sorted order, only known extensions', async () => {
    const files = await listInputFiles(fixture('tree'));
    expect(files.map((f) => path.relative(fixture('tree'), f))).toEqual([
      '2024-03/0.json',
      '2024-03/a.jsonl',
      '2024-03/calls/tree-b.txt',
      'z.csv',
    ]);
    const conversations = await collect(readPaths([fixture('tree'), fixture('bom-crlf.jsonl')]));
    expect(conversations.map((c) => c.id)).toEqual(['tree-0', 'tree-a', 'tree-b', 'tree-z', 'bom-1', 'bom-2']);
  });

  it('honours options.format over the extension and reports unknown or missing paths', async () => {
    const file = await writeTemp('export.log', '{"id":"l-1","channel":"chat","turns":[{"role":"agent","text":"您好"}]}\n');
    expect((await collect(readConversations(file, { format: 'jsonl' }))).map((c) => c.id)).toEqual(['l-1']);
    expect((await readUntilError(file)).error.message).toContain('export.log: unknown file type');
    const missing = path.join(tmp, 'nope');
    const errors: InputError[] = [];
    await collect(readPaths([missing], { skipInvalid: true, onInvalid: (e) => errors.push(e) }));
    expect(errors[0]?.location.file).toBe(missing);
    expect(errors[0]?.reason).toContain('ENOENT');
  });
});

describe('shared data set', () => {
  const dataDir = path.resolve(repoRoot, '../shared/data');
  const present = existsSync(dataDir);
  if (!present) console.warn(`skipping the shared-data streaming test: ${dataDir} does not exist`);

  it.skipIf(!present)('streams all 6,069 real conversations without an error', async () => {
    const files = readdirSync(dataDir)
      .map((d) => path.join(dataDir, d, 'conversations.jsonl'))
      .filter((f) => existsSync(f));
    let count = 0;
    for (const file of files) {
      for await (const conversation of readConversations(file)) {
        expect(conversation.turns.length).toBeGreaterThan(0);
        count++;
      }
    }
    expect(count).toBe(6069);
  });
});

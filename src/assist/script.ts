/**
 * Scripts in the knowledge data carry stage directions and alternatives:
 *   请不必客气。（若客户进一步表扬）请不必客气，这是我们应该做的…
 *   对不起，（稍微提高音量）请问有什么可以帮助您？或：请问您现在可以听清楚我的声音吗？
 * `sayLine` extracts what the agent can send as is: inline directions dropped, the text cut at the
 * first direction that follows a finished sentence (a later step) or at the first alternative.
 */
const SENTENCE_END = /[。！？!?…]$/u;

export function sayLine(script: string, allowQin = true): string {
  let out = '';
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    if (ch === '（' || ch === '(') {
      const close = script.indexOf(ch === '（' ? '）' : ')', i + 1);
      if (close < 0) break;
      // A direction after a finished sentence starts a later step: stop there.
      if (out.trim() !== '' && SENTENCE_END.test(out.trimEnd())) break;
      i = close + 1;
      continue;
    }
    if (script.startsWith('或：', i) || script.startsWith('或:', i)) break;
    out += ch;
    i++;
  }
  out = out.replace(/，\s*$/u, '').replace(/，，+/gu, '，').trim();
  if (!allowQin) out = out.replace(/^亲[亲]?[，,]\s*/u, '');
  return out || script;
}

/**
 * Situation detection for `suggest()`: which of the organisation's scripts fit the conversation now.
 *
 * Two kinds of signal:
 * - words: the scenario triggers (SCENARIOS and the organisation's own), found in the latest
 *   customer turns by ONE shared phrase automaton built when the assistant is created;
 * - timing and shape: the customer has waited past the limit, the line is silent, a message is
 *   unreadable, a closing is due, the agent's draft admits it cannot answer now.
 * Timing situations have built-in scripts cited from the seeds; a scenario in the library with the
 * same id (e.g. `waited-long`) overrides the built-in script, so organisations can edit them too.
 */
import type { Channel, Turn } from '../conversation/model.js';
import type { Scenario } from '../knowledge/types.js';
import { PhraseMatcher, type PhraseHit } from '../text/matcher.js';
import { normalize, normalizePattern, toOriginalSpan } from '../text/normalize.js';
import { toEpochSeconds, unansweredRun } from './coach.js';
import { sayLine } from './script.js';
import type { AssistContext, HintSource, Suggestion } from './types.js';

const SEED_004 = '004_753ea7082ac4ddd9.txt';
const SEED_001 = '001_5e0dc45b1c803e24.txt';

interface BuiltinSituation {
  id: string;
  situation: string;
  script: string;
  source: HintSource;
}

/** Built-in timing/shape situations (overridable by a library scenario with the same id). */
export const TIMING_SITUATIONS: Readonly<Record<string, BuiltinSituation>> = {
  'waited-long': {
    id: 'waited-long',
    situation: '客户等待过久',
    script: '对不起，让您久等了，我将尽快帮您处理。',
    source: { file: SEED_004, section: '17', quote: '遇到客戶責怪客服代表動作慢,不熟練:客服代表:「對不起,讓您久等了,我將盡快幫您處理。」' },
  },
  'waited-long-chat': {
    id: 'waited-long-chat',
    situation: '客户等待过久（在线）',
    script: '很抱歉，让您久等了，非常感谢您的理解和支持。',
    source: { file: SEED_001, section: '礼仪知识', quote: '亲,很抱歉,让您久等了,非常感谢您旳理解和支持' },
  },
  'silent-line': {
    id: 'silent-line',
    situation: '无声电话',
    script: '您好！请问有什么可以帮助您？',
    source: { file: SEED_004, section: '3', quote: '遇到無聲電話時:客服代表:「您好!請問有什麼可以幫助您?」稍停5秒還是無聲,「您好,請問有什麼可以幫助您?」' },
  },
  'silent-line-end': {
    id: 'silent-line-end',
    situation: '无声电话（多次询问无回应）',
    script: '对不起，您的电话没有声音，请您换一部电话再次打来，好吗？再见！',
    source: { file: SEED_004, section: '3', quote: '稍停5秒,對方無反應,則說:「對不起,您的電話沒有聲音,請您換一部電話再次打來,好嗎?再見!」' },
  },
  'unclear-call': {
    id: 'unclear-call',
    situation: '听不清客户声音',
    script: '对不起！请您大声一点，好吗？',
    source: { file: SEED_004, section: '5', quote: '遇到客戶音小聽不清楚時:客戶代表保持自己的音量不變的情況下:「對不起!請您大聲一點,好嗎?」' },
  },
  'unclear-message': {
    id: 'unclear-message',
    situation: '没有看懂客户的意思',
    script: '对不起，麻烦您将刚才反映的问题再复述一遍，好吗？',
    source: { file: SEED_004, section: '11', quote: '若沒有聽清楚客戶所述內容要求客戶配合重復時:客服代表:「對不起,麻煩您將剛才反映的問題再復述一遍,好嗎?」' },
  },
  'consultation-callback': {
    id: 'consultation-callback',
    situation: '无法当场答复的客户咨询',
    script: '对不起，请您留下您的联系电话，我们查询后将尽快与您联系，好吗？',
    source: { file: SEED_004, section: '31', quote: '遇到無法當場答復的客戶咨詢:客服代表:「對不起,請您留下您的聯系電話我們查詢後將盡快與您聯系,好嗎?」' },
  },
  'closing-due': {
    id: 'closing-due',
    situation: '该结束会话了',
    script: '请问还有什么可以帮助您？',
    source: { file: SEED_004, section: '33', quote: '通話終了時,應詢問客戶是否還有其它方面的咨詢:客服代表:「請問還有什麼可以幫助您?」' },
  },
  'closing-final': {
    id: 'closing-final',
    situation: '礼貌结束会话',
    script: '感谢您的来电，若有问题请再次来电，谢谢再见！',
    source: { file: SEED_004, section: '33', quote: '在確保客戶沒有其它方面的咨詢後禮貌地說:「感謝您的來電,若有問題請再次來電,謝謝再見!」' },
  },
  'closing-final-chat': {
    id: 'closing-final-chat',
    situation: '礼貌结束会话（在线）',
    script: '感谢您的咨询，如有问题请随时联系我们，祝您生活愉快，再见！',
    source: { file: SEED_001, section: '二、业务技能', quote: '结束语,最后一句结束语必须由我们客服来结束,不能等客户去做结束词' },
  },
};

/** The customer has nothing more to ask (short turns only: 没有了 / 好的谢谢 / 明白了). */
const DONE_CUES = ['没有了', '没有啦', '没了', '没事了', '没事啦', '没别的了', '没有别的', '没有其他', '没其他', '就这些', '就这样', '好的', '好滴', '好哒', '好吧', '知道了', '明白了', '清楚了', '了解了', '懂了', '行了', '可以了', '解决了', 'ok', '嗯嗯', '收到'];
/** The agent's draft admits it cannot answer now. */
const INABILITY_CUES = ['不知道', '不清楚', '不太清楚', '不确定', '不太确定', '不了解', '不太了解', '不明白', '不懂', '不太懂', '不太会', '查不到', '答不上', '回答不了', '没法回答', '无法回答', '不好回答'];
/** Call transcripts mark silence like this; chat messages with nothing readable look like this. */
const SILENCE_MARKERS = /^[\s.。…,，、?？!！~～\-—_*#]*$|^[[【(（]?(?:静音|无声|沉默|silence|inaudible|听不清|杂音|噪音)[\]】)）]?$/i;
const APOLOGY = /抱歉|对不起|久等|不好意思|请原谅|见谅/;

const DONE_GROUP = '\u0001done';
const INABILITY_GROUP = '\u0001inability';

/**
 * Small tie-breakers between situations raised by the same turn: abuse and complaints before the
 * generic ones (a customer who thanks sarcastically while complaining is complaining).
 */
const PRIORITY: Readonly<Record<string, number>> = {
  'abusive-customer': 0.08,
  'attitude-complaint': 0.06,
  'error-complaint': 0.06,
  'slow-answer': 0.05,
  'slowness-blame': 0.05,
  'complaint-deferred': 0.04,
  'customer-waiting': 0.03,
  'customer-apology': 0.03,
  'customer-thanks': 0.02,
  'complaint-record': -0.02,
  'after-sales': -0.04,
  'customer-upset': -0.05,
};

export interface SituationSettings {
  limitSeconds: number;
  allowQin: boolean;
  maxSuggestions: number;
  /** Chat: customer silent this long after the agent's reply → a closing is due (default 180 s). */
  idleClosingSeconds: number;
  /** Call: seconds of silence after the agent spoke → silent line (004 §3: 稍停5秒). */
  silentLineSeconds: number;
}

interface Candidate {
  id: string;
  situation: string;
  script: string;
  source: HintSource;
  score: number;
  reason: string;
  evidence?: Suggestion['evidence'];
}

interface Compiled {
  scenario: Scenario;
  expected: string[];
  alsoExpected: string[];
  wrong: string[];
}

/** Does normalised text carry the scenario's standard response (expected and also-expected)? */
function answers(c: Compiled, text: string): boolean {
  if (text === '') return false;
  const has = (list: readonly string[]) => list.some((e) => text.includes(e));
  return has(c.expected) && (c.alsoExpected.length === 0 || has(c.alsoExpected));
}

function turnSeconds(turn: Turn, context: AssistContext | undefined): number | undefined {
  if (turn.ts !== undefined) {
    const ms = Date.parse(turn.ts);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  if (turn.start !== undefined) {
    const base = toEpochSeconds(context?.startedAt);
    return base === undefined ? undefined : base + turn.start;
  }
  return undefined;
}

function isSilent(text: string): boolean {
  return SILENCE_MARKERS.test(text.trim());
}

function customerTurnsTotal(turns: readonly Turn[]): number {
  let n = 0;
  for (const t of turns) if (t.role === 'customer' && !isSilent(t.text)) n++;
  return n;
}

/** How many times since the customer last spoke the agent prompted (…请问有什么可以帮助您). */
function countTrailingAgentPrompts(turns: readonly Turn[]): number {
  let n = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const t = turns[i]!;
    if (t.role === 'customer' && !isSilent(t.text)) break;
    if (t.role === 'agent' && /有什么可以帮|有什麼可以幫/.test(t.text)) n++;
  }
  return n;
}

export class SituationDetector {
  private readonly matcher: PhraseMatcher;
  private readonly byId = new Map<string, Compiled>();

  constructor(
    scenarios: readonly Scenario[],
    private readonly settings: SituationSettings,
  ) {
    const groups = new Map<string, readonly string[]>();
    const norm = (list: readonly string[] | undefined) => (list ?? []).map((e) => normalizePattern(e)).filter((e) => e.length > 0);
    for (const s of scenarios) {
      this.byId.set(s.id, { scenario: s, expected: norm(s.expected), alsoExpected: norm(s.alsoExpected), wrong: norm(s.wrong) });
      if (s.triggers.length > 0) groups.set(`t:${s.id}`, s.triggers);
      if (s.triggerExclusions?.length) groups.set(`x:${s.id}`, s.triggerExclusions);
    }
    groups.set(DONE_GROUP, DONE_CUES);
    groups.set(INABILITY_GROUP, INABILITY_CUES);
    this.matcher = new PhraseMatcher(groups);
  }

  private readonly sayCache = new Map<string, string>();
  private say(script: string): string {
    let line = this.sayCache.get(script);
    if (line === undefined) {
      line = sayLine(script, this.settings.allowQin);
      if (this.sayCache.size < 10_000) this.sayCache.set(script, line);
    }
    return line;
  }

  /** A library scenario with this id, else the built-in timing situation. */
  private situation(id: string, fallback = id): Omit<Candidate, 'score' | 'reason'> {
    const c = this.byId.get(id);
    if (c) return { id, situation: c.scenario.situation, script: c.scenario.script, source: c.scenario.source };
    const b = TIMING_SITUATIONS[fallback]!;
    return { id: b.id, situation: b.situation, script: b.script, source: b.source };
  }

  /** Scenarios a text raises: a trigger and no exclusion anywhere in it (as the scenario rules do). */
  private raised(hits: readonly PhraseHit[], role: 'customer' | 'agent', channel: Channel): Map<string, { hit: PhraseHit; count: number }> {
    const excluded = new Set<string>();
    for (const h of hits) if (h.group.startsWith('x:')) excluded.add(h.group.slice(2));
    const out = new Map<string, { hit: PhraseHit; count: number }>();
    for (const h of hits) {
      if (!h.group.startsWith('t:')) continue;
      const id = h.group.slice(2);
      if (excluded.has(id)) continue;
      const c = this.byId.get(id)!;
      if ((c.scenario.triggerRole ?? 'customer') !== role || !c.scenario.channels.includes(channel)) continue;
      const entry = out.get(id);
      if (entry) {
        entry.count++;
        if (h.end - h.start > entry.hit.end - entry.hit.start) entry.hit = h;
      } else out.set(id, { hit: h, count: 1 });
    }
    return out;
  }

  detect(context: AssistContext | undefined, draft?: string): Suggestion[] {
    const turns = context?.turns ?? [];
    const channel = context?.channel ?? 'chat';
    const now = toEpochSeconds(context?.now ?? Date.now());
    const candidates = new Map<string, Candidate>();
    const add = (c: Candidate) => {
      const prev = candidates.get(c.id);
      if (!prev || prev.score < c.score) candidates.set(c.id, c);
    };

    let lastAgent = -1;
    for (let i = turns.length - 1; i >= 0; i--) {
      if (turns[i]!.role === 'agent') {
        lastAgent = i;
        break;
      }
    }
    const draftNorm = draft ? normalize(draft).text : '';
    const draftHits = draftNorm ? this.matcher.match(draftNorm) : [];

    // 1. The customer's words: unanswered turns at full weight (latest first), else the last
    //    answered customer turn at lower weight (the agent may be following up on it).
    const customerTurns: Array<{ index: number; weight: number }> = [];
    for (let i = turns.length - 1, k = 0; i > lastAgent && customerTurns.length < 4; i--) {
      if (turns[i]!.role === 'customer') customerTurns.push({ index: i, weight: Math.max(0.6, 0.9 - 0.1 * k++) });
    }
    const unanswered = customerTurns.length > 0;
    if (!unanswered) {
      for (let i = lastAgent - 1; i >= 0; i--) {
        if (turns[i]!.role === 'customer') {
          customerTurns.push({ index: i, weight: 0.45 });
          break;
        }
      }
    }
    // What the agent already answered after that customer turn (the run of agent turns).
    let agentSaid = '';
    if (!unanswered && customerTurns.length > 0) {
      for (let i = customerTurns[0]!.index + 1; i < turns.length; i++) if (turns[i]!.role === 'agent') agentSaid += normalize(turns[i]!.text).text;
    }
    let sawDone = false;
    let latestUnclear = false;
    for (const { index, weight } of customerTurns) {
      const turn = turns[index]!;
      const norm = normalize(turn.text);
      if (unanswered && index === customerTurns[0]!.index && isSilent(norm.text)) latestUnclear = true;
      const hits = this.matcher.match(norm.text);
      if (unanswered && norm.text.length <= 12 && hits.some((h) => h.group === DONE_GROUP)) sawDone = true;
      for (const [id, { hit, count }] of this.raised(hits, 'customer', channel)) {
        const c = this.byId.get(id)!;
        if (answers(c, agentSaid)) continue; // already answered in the agent's reply
        const byDraft = answers(c, draftNorm);
        const wrongInDraft = draftNorm !== '' && c.wrong.some((w) => draftNorm.includes(w));
        let score = weight + (PRIORITY[id] ?? 0) + Math.min(0.03 * (count - 1), 0.06) + Math.min(0.02 * (hit.end - hit.start - 2), 0.04);
        if (byDraft) score *= 0.4;
        if (wrongInDraft) score += 0.1;
        const span = toOriginalSpan(norm, hit.start, hit.end);
        const text = turn.text.slice(span.start, span.end);
        add({
          id,
          situation: c.scenario.situation,
          script: c.scenario.script,
          source: c.scenario.source,
          score,
          reason: `客户说「${text}」：${c.scenario.situation}${byDraft ? '（草稿已回应）' : wrongInDraft ? '（草稿用语不当）' : ''}`,
          evidence: { turn: index, start: span.start, end: span.end, text },
        });
      }
    }

    // 2. The agent's own draft raises a situation it has not handled yet (我查一下 → 请您稍等片刻).
    if (draftNorm !== '') {
      for (const [id, { hit }] of this.raised(draftHits, 'agent', channel)) {
        const c = this.byId.get(id)!;
        if (answers(c, draftNorm)) continue;
        add({
          id,
          situation: c.scenario.situation,
          script: c.scenario.script,
          source: c.scenario.source,
          score: 0.75 + (PRIORITY[id] ?? 0),
          reason: `草稿中「${hit.phrase}」：${c.scenario.situation}`,
        });
      }
      // The draft admits it cannot answer now → offer to find out and call back (§31).
      const inability = draftHits.find((h) => h.group === INABILITY_GROUP);
      if (inability) {
        add({ ...this.situation('consultation-callback'), score: 0.92, reason: `草稿中「${inability.phrase}」：无法当场答复时，请客户留下联系电话，查询后尽快联系` });
        if (this.byId.has('cannot-answer-now')) {
          add({ ...this.situation('cannot-answer-now'), score: 0.72, reason: `草稿中「${inability.phrase}」：请稍等，找更熟悉的同事答复` });
        }
      }
    }

    // 3. Timing: the customer has waited past the limit for this reply.
    const waiting = unansweredRun(turns);
    if (waiting && now !== undefined && channel !== 'email') {
      const seconds = Math.round(now - waiting.since);
      if (seconds > this.settings.limitSeconds) {
        const b = this.situation(channel === 'chat' ? 'waited-long-chat' : 'waited-long');
        const over = Math.min(1, (seconds - this.settings.limitSeconds) / (this.settings.limitSeconds * 2));
        const apologised = APOLOGY.test(draftNorm);
        add({ ...b, score: (0.8 + 0.15 * over) * (apologised ? 0.4 : 1), reason: `客户已等待 ${seconds} 秒，超过 ${this.settings.limitSeconds} 秒，回复应先致歉` });
      }
    }

    // 4. Silent line / unreadable message (004 §3–§9, §11).
    const latest = turns[turns.length - 1];
    if (channel === 'call') {
      const latestTime = latest ? turnSeconds(latest, context) : undefined;
      const silentFor = latestTime !== undefined && now !== undefined && latest?.role === 'agent' ? now - latestTime : undefined;
      const noCustomerYet = customerTurnsTotal(turns) === 0;
      if ((latestUnclear && noCustomerYet) || (noCustomerYet && silentFor !== undefined && silentFor >= this.settings.silentLineSeconds)) {
        const prompts = countTrailingAgentPrompts(turns);
        const b = prompts >= 2 ? this.situation('silent-line-end') : this.situation('silent-call', 'silent-line');
        add({ ...b, score: 0.85, reason: latestUnclear ? '客户没有声音' : `客户 ${Math.round(silentFor ?? 0)} 秒没有回应（已询问 ${prompts} 次）` });
      } else if (latestUnclear) {
        add({ ...this.situation('low-voice', 'unclear-call'), score: 0.7, reason: '客户的声音听不清' });
      }
    } else if (latestUnclear) {
      add({ ...this.situation('ask-to-repeat', 'unclear-message'), score: 0.75, reason: '客户的消息没有可读的内容' });
    }

    // 5. A closing is due: the customer says they are done, or has gone quiet after the answer.
    if (sawDone) {
      const lastAgentText = lastAgent >= 0 ? normalize(turns[lastAgent]!.text).text : '';
      const alreadyAsked = /还有什么|还有其他|还有别的|还需要什么/.test(lastAgentText);
      const b = this.situation(alreadyAsked ? (channel === 'chat' ? 'closing-final-chat' : 'closing-final') : 'closing-due');
      add({ ...b, score: 0.7, reason: alreadyAsked ? '客户表示没有其他问题，应由客服礼貌结束' : '客户表示明白了，询问是否还有其他问题' });
    } else if (channel === 'chat' && latest?.role === 'agent' && now !== undefined) {
      const t = turnSeconds(latest, context);
      if (t !== undefined && now - t >= this.settings.idleClosingSeconds && customerTurnsTotal(turns) > 0) {
        add({ ...this.situation('closing-due'), score: 0.5, reason: `客户 ${Math.round(now - t)} 秒没有回复，结束语应由客服来说` });
      }
    }

    return [...candidates.values()]
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, this.settings.maxSuggestions)
      .map((c) => {
        const s: Suggestion = {
          id: c.id,
          situation: c.situation,
          script: c.script,
          say: this.say(c.script),
          score: Math.round(Math.min(1, c.score) * 1000) / 1000,
          reason: c.reason,
          source: c.source,
        };
        if (c.evidence) s.evidence = c.evidence;
        return s;
      });
  }
}

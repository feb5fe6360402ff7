import Type from 'typebox';
import { defineRule, type TurnView } from '../engine/types.js';

/** The standard offer the agent repeats into a silent line. */
export const SILENT_OFFER = ['请问有什么可以帮助您', '请问有什么可以帮您', '请问有什么可以帮到您', '有什么可以帮助您', '有什么可以帮您'];
/** The standard closing line of a silent call. */
export const SILENT_CLOSE = ['电话没有声音', '没有声音', '听不到您的声音', '换一部电话', '再次打来', '重新拨打'];
/** 004 §3: 不可以說「喂,說話呀!再不說話我就掛了啊!」 */
export const SILENT_WRONG = ['说话呀', '说话啊', '再不说话', '我就挂了', '我挂了啊', '怎么不说话', '有人吗?', '喂喂'];

/** A customer turn that carries no speech: empty, dots, an ASR silence tag. */
export function isSilentText(text: string): boolean {
  const t = text.replace(/[\s.。…·_\-—,，、]/g, '');
  return t === '' || /^[\[(（【<]?(静音|无声|沉默|silence|无应答|无语音|noise|噪音|unk)[\])）】>]?$/i.test(t);
}

export const silentCallScript = defineRule<{ pauseSeconds: number; tolerance: number }>({
  meta: {
    id: 'silent-call-script',
    description: '无声电话：重复「您好，请问有什么可以帮助您？」两次（各稍停5秒），再说「对不起，您的电话没有声音，请您换一部电话再次打来，好吗？再见！」',
    category: 'phone',
    defaultSeverity: 'warn',
    channels: ['call'],
    scope: 'conversation',
    realtime: false,
    source: {
      file: '004_753ea7082ac4ddd9.txt',
      section: '3. 客服中心服務規范有那些用語 §3',
      quote: '3、遇到無聲電話時:客服代表:「您好!請問有什麼可以幫助您?」稍停5秒還是無聲,「您好,請問有什麼可以幫助您?」稍停5秒,對方無反應,則說:「對不起,您的電話沒有聲音,請您換一部電話再次打來,好嗎?再見!」再稍停5秒,掛機。',
    },
    optionsSchema: Type.Object(
      {
        pauseSeconds: Type.Number({ minimum: 0, description: '每句之间稍停的秒数（004：5 秒）' }),
        tolerance: Type.Number({ minimum: 0, description: '计时误差容忍（秒）' }),
      },
      { additionalProperties: false },
    ),
    messages: {
      wrong: '无声电话中不应说「{{phrase}}」',
      notRepeated: '无声电话：结束前应再次询问「您好，请问有什么可以帮助您？」（共两次）',
      noClose: '无声电话：应说明「对不起，您的电话没有声音，请您换一部电话再次打来，好吗？再见！」后再挂机',
      tooSoon: '无声电话：两句之间只停了 {{seconds}} 秒，应稍停 {{pause}} 秒',
    },
  },
  defaultOptions: { pauseSeconds: 5, tolerance: 1 },
  phrases: () => ({ offer: SILENT_OFFER, close: SILENT_CLOSE, wrong: SILENT_WRONG }),
  create(context) {
    const { pauseSeconds, tolerance } = context.options;
    return {
      conversationEnd() {
        const turns = context.view.turns;
        const spoken = (t: TurnView) => t.role === 'customer' && !isSilentText(t.norm.text);
        const firstSpeech = turns.findIndex(spoken);
        const silentEnd = firstSpeech === -1 ? turns.length : firstSpeech;
        // Agent turns said into the silence, before the customer's first words.
        const prompts = turns.slice(0, silentEnd).filter((t) => t.role === 'agent');
        const silentMarkers = turns.slice(0, silentEnd).some((t) => t.role === 'customer');
        const timedGap = prompts.some((t, k) => {
          const next = prompts[k + 1];
          return next !== undefined && t.time !== undefined && next.time !== undefined && next.time - t.time >= 3;
        });
        // Without an explicit silent customer turn, two agent segments in a row are a silence only
        // when the times show a pause (otherwise ASR may just have split one sentence).
        if (prompts.length === 0 || (!silentMarkers && !(prompts.length >= 2 && timedGap))) {
          context.notApplicable('通话开头没有无声片段');
          return;
        }
        for (const t of prompts) {
          const hit = t.hits('wrong')[0];
          if (hit) {
            const span = t.toOriginal(hit.start, hit.end);
            context.report({ turn: t.index, ...span, messageId: 'wrong', data: { phrase: t.turn.text.slice(span.start, span.end) }, suggestion: '您好，请问有什么可以帮助您？' });
            return;
          }
        }
        for (let k = 1; k < prompts.length; k++) {
          const a = prompts[k - 1]!;
          const b = prompts[k]!;
          if (a.time === undefined || b.time === undefined) continue;
          const end = a.turn.end !== undefined && a.turn.start !== undefined ? a.time - a.turn.start + a.turn.end : a.time;
          const gap = Math.round((b.time - end) * 10) / 10;
          if (gap < pauseSeconds - tolerance) {
            context.report({ turn: b.index, messageId: 'tooSoon', data: { seconds: gap, pause: pauseSeconds } });
            return;
          }
        }
        if (firstSpeech !== -1) return; // the customer spoke up: the script did its job
        const last = prompts[prompts.length - 1]!;
        const offers = prompts.filter((t) => t.hits('offer').length > 0).length;
        if (last.hits('close').length === 0) {
          context.report({ turn: last.index, messageId: 'noClose', suggestion: '对不起，您的电话没有声音，请您换一部电话再次打来，好吗？再见！' });
        } else if (offers < 2) {
          context.report({ turn: last.index, messageId: 'notRepeated', suggestion: '您好，请问有什么可以帮助您？' });
        }
      },
    };
  },
});

/** The built-in rule library. Every rule cites its seed passage or is marked a Kefu addition. */
import type { RuleDefinition } from '../engine/types.js';
import { greeting } from './greeting.js';
import { responseTime } from './response-time.js';
import { forbiddenPhrase } from './forbidden-phrase.js';
import { fillerOnlyReply } from './filler-only-reply.js';
import { closing } from './closing.js';
import { politeAddress } from './polite-address.js';
import { longReply } from './long-reply.js';
import { emojiPerMessage } from './emoji-per-message.js';
import { answerRings } from './answer-rings.js';
import { selfIntroduction } from './self-introduction.js';
import { silentCallScript } from './silent-call-script.js';
import { unclearLine } from './unclear-line.js';
import { hangUpLast } from './hang-up-last.js';
import { callLength } from './call-length.js';
import { afterSalesOrder } from './after-sales-order.js';
import { complaintReplyPromise } from './complaint-reply-promise.js';
import { complaintRecord } from './complaint-record.js';
import { empathy } from './empathy.js';
import { personalInfoDisclosure } from './personal-info-disclosure.js';
import { SCENARIO_RULES } from './scenario/rules.js';

export const BUILTIN_RULES: readonly RuleDefinition[] = [
  greeting,
  responseTime,
  // Text rules (issue 4): forbidden phrases, fillers, closing, address, length, emoticons.
  forbiddenPhrase,
  fillerOnlyReply,
  closing,
  politeAddress,
  longReply,
  emojiPerMessage,
  // Phone etiquette, complaint handling, privacy and the scenario scripts (issue 4).
  answerRings,
  selfIntroduction,
  silentCallScript,
  unclearLine,
  hangUpLast,
  callLength,
  afterSalesOrder,
  complaintReplyPromise,
  complaintRecord,
  empathy,
  personalInfoDisclosure,
  ...SCENARIO_RULES,
];

export const BUILTIN_RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(BUILTIN_RULES.map((r) => [r.meta.id, r]));

/**
 * The organisation's service knowledge: situations a customer's turn can create and the standard
 * response the seeds prescribe. Scenario rules judge past conversations with it; the assistant
 * suggests the same scripts live. Default content comes from the seeds and is editable.
 */
import type { Channel } from '../conversation/model.js';
import type { SeedCitation, KefuAddition } from '../engine/types.js';

export interface Scenario {
  /** Stable id, e.g. `customer-thanks` (the scenario rule id is `scenario-<id>` where one exists). */
  id: string;
  /** The situation in Chinese, e.g. 客户致谢. */
  situation: string;
  channels: readonly Channel[];
  /** Customer phrases that signal the situation (matched on normalised text). */
  triggers: readonly string[];
  /** Trigger phrases that, when present, mean the situation is NOT this one (negations etc.). */
  triggerExclusions?: readonly string[];
  /** The agent's next turn must contain at least one of these (normalised substring match). */
  expected: readonly string[];
  /** Responses the seed lists as wrong (不可以说…). */
  wrong: readonly string[];
  /** The full standard script to suggest. */
  script: string;
  source: SeedCitation | KefuAddition;
  /**
   * The rule that checks this scenario: `scenario-<family>` for the scenario-script rules, or a
   * dedicated rule (`silent-call-script`, `unclear-line`, `hang-up-last`, `closing`…).
   */
  rule?: string;
  /** Whose turn raises the situation: the customer's (default; the agent's NEXT turn is judged)
   * or the agent's own (the same agent turn is judged, e.g. asking the customer to wait). */
  triggerRole?: 'customer' | 'agent';
  /** A second any-of group the reply must ALSO contain (e.g. an apology AND a follow-up). */
  alsoExpected?: readonly string[];
  /** Judge the reply only when it contains one of these (e.g. a refusal for an impossible request). */
  replyCondition?: readonly string[];
}

/** A standard polite phrase (e.g. one of 004's 67), with its number and citation. */
export interface StandardPhrase {
  id: string;
  text: string;
  /** What the phrase is for: 道歉, 致谢, 征询, 告别… */
  use: string;
  source: SeedCitation;
}

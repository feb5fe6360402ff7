/** Real-time agent assist (issue 6): library entry point. */
export { createAssistant, createAssistantSync, KefuAssistant, phraseKey, isResolvedConfig, isDraftRule } from './assistant.js';
export { sayLine } from './script.js';
export { coach, unansweredRun, RESPONSE_SOURCE } from './coach.js';
export { buildLibrary, mergeById } from './library.js';
export { SituationDetector, TIMING_SITUATIONS } from './situations.js';
export { AssistSession, type AssistantResolver, type SessionStats } from './session.js';
export type {
  Assistant,
  AssistantOptions,
  AssistContext,
  Coach,
  CoachLevel,
  HintSource,
  Instant,
  Problem,
  Replacement,
  Suggestion,
} from './types.js';

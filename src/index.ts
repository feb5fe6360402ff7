/** Kefu as a library: `import { inspect, loadConfig, defineRule } from 'kefu'`. */
export { inspect, loadConfig, createEngine, builtinRegistry, DEFAULT_CONFIG } from './api.js';
export { defineRule, CATEGORIES, DEFAULT_SETTINGS } from './engine/types.js';
export type {
  RuleDefinition,
  RuleMeta,
  RuleContext,
  RuleListeners,
  TurnView,
  ConversationView,
  Finding,
  ConversationResult,
  ReportDescriptor,
  Severity,
  RuleSetting,
  Category,
  SeedCitation,
  KefuAddition,
  EngineSettings,
} from './engine/types.js';
export { Engine, RuleExecutionError, type ActiveRule, type EngineConfig } from './engine/engine.js';
export { resolveConfig, loadConfigFile, ConfigError, type KefuConfig, type Preset, type ResolvedConfig, type Registry } from './engine/config.js';
export { RuleTester, type RuleTests, type TesterCase, type InvalidCase } from './engine/rule-tester.js';
export { parseCompact } from './engine/compact.js';
export { scoreConversation, type ManualScoreItem, type ScoreResult } from './scoring/score.js';
export { validateTemplate, type ScoringTemplate } from './scoring/template.js';
export { normalize, toOriginalSpan, type NormalizedText } from './text/normalize.js';
export { PhraseMatcher, type PhraseHit } from './text/matcher.js';
export type { Conversation, Turn, Channel, Role, CallInfo } from './conversation/model.js';
export { InputError } from './conversation/errors.js';

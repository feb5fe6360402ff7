/** The service knowledge shared by the scenario rules and the agent assistant. */
export type { Scenario, StandardPhrase } from './types.js';
export { SCENARIOS, SCENARIOS_BY_ID, scenariosForRule } from './scenarios.js';
export { STANDARD_PHRASES, STANDARD_PHRASES_BY_ID, PHRASES_004_67 } from './phrases.js';

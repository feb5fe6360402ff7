/**
 * Presets group rules the way a standard does: each says which rules it turns on, at what
 * severity, with which settings, and the scoring template (with its fatal items) it is judged by.
 * Every default has a reason (`PRESET_REASONS`), as textlint's presets do.
 */
import type { Preset } from '../engine/config.js';
import { recommended, recommendedReasons } from './recommended.js';
import { ecommerceChat, ecommerceChatReasons } from './ecommerce-chat.js';
import { callCenter, callCenterReasons } from './call-center.js';
import { propertyService, propertyServiceReasons } from './property-service.js';

export const PRESETS: readonly Preset[] = [recommended, ecommerceChat, callCenter, propertyService];

export const PRESETS_BY_NAME: ReadonlyMap<string, Preset> = new Map(PRESETS.map((p) => [p.name, p]));

/** Why each preset sets each rule as it does, by preset name then rule id. */
export const PRESET_REASONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [recommended.name]: recommendedReasons,
  [ecommerceChat.name]: ecommerceChatReasons,
  [callCenter.name]: callCenterReasons,
  [propertyService.name]: propertyServiceReasons,
};

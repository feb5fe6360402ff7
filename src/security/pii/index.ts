export * from './types.js';
export { detectPii, isValidIdNumber, idCheckChar, luhnValid, addressSegments, type DetectOptions, type AddressSegments } from './detect.js';
export {
  maskText,
  maskValue,
  tokenize,
  tokenizeText,
  searchTokens,
  canonicalPiiValue,
  DEFAULT_MASK_POLICY,
  STRICT_MASK_POLICY,
  type MaskMode,
  type MaskPolicy,
} from './mask.js';

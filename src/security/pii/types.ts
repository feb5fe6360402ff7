/**
 * Personal data kinds found in customer-service text (PIPL 个人信息; 003 §信息保密规范).
 *
 * `hotline` (400/800 numbers) is detected so that it is NOT mistaken for a personal landline or
 * mobile; it is a company number and is never masked by the default policy.
 */
export const PII_KINDS = ['mobile', 'landline', 'hotline', 'id_card', 'bank_card', 'email', 'address', 'name', 'order'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Kinds that identify or locate a natural person (the ones masked by default). */
export const PERSONAL_KINDS: ReadonlySet<PiiKind> = new Set<PiiKind>(['mobile', 'landline', 'id_card', 'bank_card', 'email', 'address', 'name', 'order']);

export const PII_KIND_NAMES: Record<PiiKind, string> = {
  mobile: '手机号',
  landline: '固定电话',
  hotline: '400/800 服务热线',
  id_card: '身份证号',
  bank_card: '银行卡号',
  email: '电子邮箱',
  address: '地址',
  name: '姓名',
  order: '订单/运单号',
};

export interface PiiSpan {
  kind: PiiKind;
  /** UTF-16 offsets in the ORIGINAL text (full-width digits, spaces and all). */
  start: number;
  end: number;
  /** original.slice(start, end) */
  text: string;
  /** 0..1; spans below `minConfidence` are dropped. */
  confidence: number;
}

import type { Category } from './types.js';

/** Chinese names of rule categories, as inspectors read them in reports and scoring templates. */
export const CATEGORY_NAMES: Record<Category, string> = {
  forbidden: '服务禁语',
  courtesy: '礼貌用语',
  opening: '开场规范',
  closing: '结束规范',
  timing: '响应时效',
  complaint: '投诉处理',
  scenario: '场景话术',
  phone: '电话礼仪',
  privacy: '信息保密',
  format: '表达规范',
};

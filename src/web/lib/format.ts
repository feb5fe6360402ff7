/** Chinese labels and number/date formatting shared by the pages. */
import type { AppealStatus, Channel, FindingStatus, ReviewStatus, Severity, TurnRole, UserRole } from '../api/types';

export const CHANNEL_NAMES: Record<Channel, string> = { chat: '在线', call: '电话', email: '邮件' };
export const TURN_ROLE_NAMES: Record<TurnRole, string> = { agent: '客服', customer: '客户', bot: '机器人', system: '系统' };
export const SEVERITY_NAMES: Record<Severity, string> = { error: '严重', warn: '提醒' };
export const FINDING_STATUS_NAMES: Record<FindingStatus, string> = { open: '待复核', confirmed: '已确认', rejected: '已驳回' };
export const REVIEW_STATUS_NAMES: Record<ReviewStatus, string> = {
  unreviewed: '未复核',
  reviewed: '已复核',
  appealed: '申诉中',
  closed: '已结案',
};
export const APPEAL_STATUS_NAMES: Record<AppealStatus, string> = {
  open: '待处理',
  accepted: '复核通过',
  rejected: '复核驳回',
  final_accepted: '终审通过',
  final_rejected: '终审驳回',
};
export const USER_ROLE_NAMES: Record<UserRole, string> = {
  agent: '客服',
  team_lead: '组长',
  supervisor: '主管',
  qa: '质检员',
  manager: '经理',
  admin: '管理员',
};

export function channelName(channel: string | undefined): string {
  return channel && channel in CHANNEL_NAMES ? CHANNEL_NAMES[channel as Channel] : (channel ?? '—');
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined || Number.isNaN(score) ? '—' : (Math.round(score * 10) / 10).toString();
}

export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined || Number.isNaN(rate) ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** Call offsets as `[mm:ss]` (hours when needed). */
export function formatOffset(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** Local time of a chat message (`09:15:02`). */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleTimeString('zh-CN', { hour12: false });
}

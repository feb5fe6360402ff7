/**
 * SLA clock arithmetic: how much time is left before a deadline and which colour level that is.
 * With the SLA window known: `warn` once at most `warnFraction` of it is left, `due` at most
 * `dueFraction`; without it, absolute minutes left (`warnMs`, `dueMs`). `breached` past the deadline.
 */
export type SlaLevel = 'ok' | 'warn' | 'due' | 'breached';

export interface SlaThresholds {
  warnFraction: number;
  dueFraction: number;
  warnMs: number;
  dueMs: number;
}

export const DEFAULT_SLA_THRESHOLDS: SlaThresholds = { warnFraction: 0.5, dueFraction: 0.2, warnMs: 30 * 60_000, dueMs: 5 * 60_000 };

export function slaLevel(remainingMs: number, totalMs: number | undefined, thresholds: SlaThresholds = DEFAULT_SLA_THRESHOLDS): SlaLevel {
  if (remainingMs <= 0) return 'breached';
  if (totalMs !== undefined && totalMs > 0) {
    const fraction = remainingMs / totalMs;
    if (fraction <= thresholds.dueFraction) return 'due';
    if (fraction <= thresholds.warnFraction) return 'warn';
    return 'ok';
  }
  if (remainingMs <= thresholds.dueMs) return 'due';
  if (remainingMs <= thresholds.warnMs) return 'warn';
  return 'ok';
}

/** `1天 02:03:04`, `02:03:04`, `03:04`; negative values are shown as overdue by the caller. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = h > 0 || days > 0 ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
  return days > 0 ? `${days}天 ${clock}` : clock;
}

export const SLA_LEVEL_NAMES: Record<SlaLevel, string> = {
  ok: '充裕',
  warn: '临近',
  due: '即将超时',
  breached: '已超时',
};

/**
 * A live SLA countdown: the time left before `dueAt`, coloured as the deadline nears (充裕 → 临近 →
 * 即将超时 → 已超时). Fed by props only; tickets pass their `dueAt` (and the SLA window, so the
 * colour follows the fraction of time left).
 */
import { useEffect, useState } from 'react';
import { formatDuration, SLA_LEVEL_NAMES, slaLevel, type SlaThresholds } from '../lib/sla';

export interface SlaClockProps {
  /** The deadline (ISO-8601 or epoch ms). */
  dueAt: string | number;
  /** Length of the SLA window in seconds (e.g. 7200 for the 2 h complaint reply). */
  windowSeconds?: number;
  /** When the clock stopped (ticket resolved): shows the final state, no longer counting. */
  stoppedAt?: string | number;
  /** What the deadline is for, e.g. 首次响应. */
  label?: string;
  thresholds?: SlaThresholds;
  /** Milliseconds between updates (default 1000). */
  tickMs?: number;
}

const toMs = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

export function SlaClock({ dueAt, windowSeconds, stoppedAt, label, thresholds, tickMs = 1000 }: SlaClockProps) {
  const [now, setNow] = useState(() => Date.now());
  const stopped = stoppedAt !== undefined;
  useEffect(() => {
    if (stopped) return;
    const timer = window.setInterval(() => setNow(Date.now()), tickMs);
    return () => window.clearInterval(timer);
  }, [stopped, tickMs]);

  const due = toMs(dueAt);
  const at = stopped ? toMs(stoppedAt) : now;
  const remaining = due - at;
  // A stopped clock no longer warns: it was either met or breached.
  const level = stopped ? (remaining >= 0 ? 'ok' : 'breached') : slaLevel(remaining, windowSeconds !== undefined ? windowSeconds * 1000 : undefined, thresholds);
  const text = remaining >= 0 ? `剩余 ${formatDuration(remaining)}` : `超时 ${formatDuration(remaining)}`;
  const state = stopped ? (remaining >= 0 ? '已按时完成' : '超时完成') : SLA_LEVEL_NAMES[level];

  return (
    <span className={`sla-clock sla-${level}${stopped ? ' sla-stopped' : ''}`} role="timer" data-level={level} aria-label={`${label ?? 'SLA'}：${state}，${text}`}>
      {label && <span className="sla-label">{label}</span>}
      <span className="sla-time">{text}</span>
      <span className="sla-state">{state}</span>
    </span>
  );
}

/**
 * One KPI (service level, ASA, abandonment, AHT, FCR, CSAT…) with its target: green when met,
 * red when missed. `better` says which direction is good.
 */
export interface KpiTileProps {
  label: string;
  value: number | null;
  /** Formats the value and the target (default: rounded to 1 decimal). */
  format?: (value: number) => string;
  unit?: string;
  target?: number;
  better?: 'higher' | 'lower';
  hint?: string;
}

const oneDecimal = (v: number) => (Math.round(v * 10) / 10).toString();

export function kpiStatus(value: number | null, target: number | undefined, better: 'higher' | 'lower'): 'met' | 'missed' | 'none' {
  if (value === null || target === undefined) return 'none';
  return (better === 'higher' ? value >= target : value <= target) ? 'met' : 'missed';
}

export function KpiTile({ label, value, format = oneDecimal, unit = '', target, better = 'higher', hint }: KpiTileProps) {
  const status = kpiStatus(value, target, better);
  return (
    <div className={`kpi-tile kpi-${status}`} data-status={status}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">
        {value === null ? '—' : format(value)}
        {value !== null && unit && <span className="kpi-unit">{unit}</span>}
      </div>
      {target !== undefined && (
        <div className="kpi-target">
          目标 {better === 'higher' ? '≥' : '≤'} {format(target)}
          {unit}
          {status !== 'none' && <span className="kpi-status">{status === 'met' ? ' · 达标' : ' · 未达标'}</span>}
        </div>
      )}
      {hint && <div className="kpi-hint muted">{hint}</div>}
    </div>
  );
}

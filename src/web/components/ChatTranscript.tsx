/**
 * A conversation as chat bubbles by role (call transcripts with [mm:ss]), with each finding's
 * evidence highlighted in place in the turn text. A highlight shows the rule, message and
 * suggested phrase on hover or keyboard focus, and selects the finding in the side list.
 * Findings about a whole turn (no narrower span) are flagged on the bubble instead, so that the
 * precise spans inside the turn stay visible.
 */
import type { KeyboardEvent } from 'react';
import type { Conversation, RuleInfo, StoredFinding, Turn } from '../api/types';
import { segmentText } from '../lib/highlight';
import { formatClock, formatOffset, SEVERITY_NAMES, TURN_ROLE_NAMES } from '../lib/format';

export const evidenceId = (findingId: string) => `evidence-${findingId}`;

function turnTime(turn: Turn): string | undefined {
  if (turn.start !== undefined) return `[${formatOffset(turn.start)}]`;
  if (turn.ts) return formatClock(turn.ts);
  return undefined;
}

/** Whether a finding covers the whole turn (or has no span): flagged on the bubble, not highlighted. */
export function isWholeTurn(finding: StoredFinding, text: string): boolean {
  return finding.end <= finding.start || (finding.start <= 0 && finding.end >= text.length);
}

function tone(findings: StoredFinding[]): 'error' | 'warn' | 'rejected' {
  const live = findings.filter((f) => f.status !== 'rejected');
  if (live.length === 0) return 'rejected';
  return live.some((f) => f.severity === 'error') ? 'error' : 'warn';
}

interface Shared {
  rules: Map<string, RuleInfo>;
  selectedId: string | undefined;
  onSelect: (findingId: string) => void;
}

function FindingTip({ id, findings, rules }: { id: string; findings: StoredFinding[]; rules: Map<string, RuleInfo> }) {
  return (
    <span className="evidence-tip" role="tooltip" id={id}>
      {findings.map((f) => (
        <span key={f.id} className="evidence-tip-item">
          <strong>
            [{SEVERITY_NAMES[f.severity]}] {rules.get(f.ruleId)?.description ?? f.ruleId}
          </strong>
          <span>{f.message}</span>
          {f.suggestion && <span className="suggestion">建议：{f.suggestion}</span>}
        </span>
      ))}
    </span>
  );
}

/** Enter/Space select, Escape hides the tip (by leaving the element). */
function keys(select: () => void) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select();
    } else if (e.key === 'Escape') e.currentTarget.blur();
  };
}

interface MarkProps extends Shared {
  text: string;
  findings: StoredFinding[];
  /** Findings whose first highlighted piece this is (they get the scroll-to id). */
  firstOf: Set<string>;
  segmentKey: string;
}

function EvidenceMark({ text, findings, firstOf, segmentKey, rules, selectedId, onSelect }: MarkProps) {
  const tipId = `tip-${segmentKey}`;
  const anchor = findings.find((f) => firstOf.has(f.id));
  const select = () => onSelect(findings[findings.length - 1]!.id);
  return (
    <span className="evidence-wrap">
      <mark
        {...(anchor ? { id: evidenceId(anchor.id) } : {})}
        className={`evidence evidence-${tone(findings)}${findings.some((f) => f.id === selectedId) ? ' evidence-selected' : ''}`}
        tabIndex={0}
        role="button"
        aria-describedby={tipId}
        data-finding-ids={findings.map((f) => f.id).join(' ')}
        onClick={select}
        onKeyDown={keys(select)}
      >
        {text}
      </mark>
      <FindingTip id={tipId} findings={findings} rules={rules} />
    </span>
  );
}

function TurnFlag({ findings, turnIndex, rules, selectedId, onSelect }: Shared & { findings: StoredFinding[]; turnIndex: number }) {
  const tipId = `tip-turn-${turnIndex}`;
  const select = () => onSelect(findings[0]!.id);
  return (
    <span className="evidence-wrap turn-flag-wrap">
      <button
        type="button"
        id={evidenceId(findings[0]!.id)}
        className={`turn-flag evidence-${tone(findings)}${findings.some((f) => f.id === selectedId) ? ' evidence-selected' : ''}`}
        aria-describedby={tipId}
        data-finding-ids={findings.map((f) => f.id).join(' ')}
        onClick={select}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
      >
        整句问题 {findings.length}
      </button>
      <FindingTip id={tipId} findings={findings} rules={rules} />
    </span>
  );
}

function TurnText({ text, findings, turnIndex, ...shared }: Shared & { text: string; findings: StoredFinding[]; turnIndex: number }) {
  const segments = segmentText(
    text,
    findings.map((f) => ({ start: f.start, end: f.end, value: f })),
  );
  const seen = new Set<string>();
  return (
    <p className="turn-text">
      {segments.map((seg) => {
        if (seg.marks.length === 0) return <span key={seg.start}>{seg.text}</span>;
        const firstOf = new Set(seg.marks.filter((f) => !seen.has(f.id)).map((f) => f.id));
        firstOf.forEach((id) => seen.add(id));
        return <EvidenceMark key={seg.start} segmentKey={`${turnIndex}-${seg.start}`} text={seg.text} findings={seg.marks} firstOf={firstOf} {...shared} />;
      })}
    </p>
  );
}

export function ChatTranscript({ conversation, findings, ...shared }: Shared & { conversation: Conversation; findings: StoredFinding[] }) {
  return (
    <ol className={`transcript transcript-${conversation.channel}`} aria-label="会话内容">
      {conversation.turns.map((turn, index) => {
        const time = turnTime(turn);
        const mine = findings.filter((f) => f.turn === index);
        const whole = mine.filter((f) => isWholeTurn(f, turn.text));
        const spans = mine.filter((f) => !isWholeTurn(f, turn.text));
        return (
          <li key={index} className={`turn turn-${turn.role}`} data-turn={index}>
            <div className="turn-meta">
              <span className="turn-role">{TURN_ROLE_NAMES[turn.role] ?? turn.role}</span>
              {time && <time className="turn-time">{time}</time>}
              <span className="visually-hidden">第 {index + 1} 句</span>
            </div>
            <div className={`bubble${whole.length ? ` bubble-flagged bubble-${tone(whole)}` : ''}`}>
              <TurnText text={turn.text} findings={spans} turnIndex={index} {...shared} />
              {whole.length > 0 && <TurnFlag findings={whole} turnIndex={index} {...shared} />}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

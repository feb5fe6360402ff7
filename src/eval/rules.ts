/**
 * Accuracy of the text rules on real dialogues (../shared/data), against our own labels in
 * eval/labels/*.jsonl (conversation ids and turn indexes with a label and a short note: the
 * text is never copied, the corpora's terms forbid redistribution).
 *
 * Positive class: a violation. For turn rules (forbidden-phrase, filler-only-reply) a turn is
 * predicted a violation when the rule reports on it. For conversation rules the label says whether
 * the conversation complies (greeted / closed properly), and the rule predicts a violation when it
 * reports anything.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Conversation, Turn } from '../conversation/model.js';
import { Engine } from '../engine/engine.js';
import { DEFAULT_SETTINGS, type RuleDefinition } from '../engine/types.js';
import { closing } from '../rules/closing.js';
import { fillerOnlyReply } from '../rules/filler-only-reply.js';
import { forbiddenPhrase } from '../rules/forbidden-phrase.js';
import { greeting } from '../rules/greeting.js';
import { metric, type EvalDisagreement, type EvalMetric, type EvalReport, type EvalSection } from './sections.js';

/** Repository root: this file is src/eval/rules.ts or dist/eval/rules.js. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_DIR = process.env['KEFU_DATA_DIR'] ?? join(REPO_ROOT, '..', 'shared', 'data');
export const LABELS_DIR = join(REPO_ROOT, 'eval', 'labels');
const SOURCES = ['ntcir-stc3-weibo', 'jddc2019-sample', 'mobilecs-examples'];

interface Label {
  id: string;
  turn?: number;
  label: boolean;
  note?: string;
  /** `holdout`: labelled after the rule was written, never used to tune it (reported separately). */
  split?: 'dev' | 'holdout';
}

interface RuleEval {
  rule: RuleDefinition;
  labels: string;
  /** turn: labels are per turn and true = violation; conversation: labels are per conversation and true = compliant. */
  unit: 'turn' | 'conversation';
  targets: EvalMetric['targets'];
}

export const RULE_EVALS: readonly RuleEval[] = [
  { rule: forbiddenPhrase, labels: 'forbidden-phrase.jsonl', unit: 'turn', targets: { precision: 0.9, recall: 0.9 } },
  { rule: fillerOnlyReply, labels: 'filler-only-reply.jsonl', unit: 'turn', targets: { precision: 0.9, recall: 0.9 } },
  { rule: greeting, labels: 'greeting.jsonl', unit: 'conversation', targets: { accuracy: 0.95 } },
  { rule: closing, labels: 'closing.jsonl', unit: 'conversation', targets: { accuracy: 0.95 } },
];

export function dataAvailable(): string | undefined {
  const missing = SOURCES.filter((s) => !existsSync(join(DATA_DIR, s, 'conversations.jsonl')));
  return missing.length === 0 ? undefined : `data not found: ${missing.map((s) => join(DATA_DIR, s, 'conversations.jsonl')).join(', ')}`;
}

function readLabels(file: string): Label[] {
  return readFileSync(join(LABELS_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const v = JSON.parse(l) as Label;
      if (typeof v.id !== 'string' || typeof v.label !== 'boolean') throw new Error(`${file}:${i + 1}: expected {id, label}`);
      return v;
    });
}

/** Load the labelled conversations only, streaming each corpus once. */
async function loadConversations(ids: ReadonlySet<string>): Promise<Map<string, Conversation>> {
  const out = new Map<string, Conversation>();
  for (const source of SOURCES) {
    const lines = createInterface({ input: createReadStream(join(DATA_DIR, source, 'conversations.jsonl'), 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const raw = JSON.parse(line) as { id: string; channel: Conversation['channel']; turns: Turn[] };
      if (!ids.has(raw.id)) continue;
      out.set(raw.id, { id: raw.id, channel: raw.channel, turns: raw.turns.map((t) => ({ role: t.role, text: t.text })) });
    }
  }
  return out;
}

export async function evaluateRules(): Promise<EvalReport> {
  const absent = dataAvailable();
  if (absent) return { section: 'rules', skipped: absent, metrics: [], disagreements: [] };
  const labelsByRule = RULE_EVALS.map((e) => ({ e, labels: readLabels(e.labels) }));
  const ids = new Set(labelsByRule.flatMap(({ labels }) => labels.map((l) => l.id)));
  const conversations = await loadConversations(ids);
  const metrics: EvalMetric[] = [];
  const disagreements: EvalDisagreement[] = [];

  for (const { e, labels } of labelsByRule) {
    const engine = new Engine({
      rules: [{ rule: e.rule, severity: e.rule.meta.defaultSeverity, options: { ...(e.rule.defaultOptions ?? {}) } }],
      settings: DEFAULT_SETTINGS,
      scoring: { id: 'eval', name: 'eval', passMark: 0, dimensions: [{ id: 'd', name: 'd', points: 100, items: [] }] },
    });
    const findingsCache = new Map<string, ReturnType<Engine['run']>>();
    const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    const heldOut = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const l of labels) {
      const conversation = conversations.get(l.id);
      if (!conversation) throw new Error(`${e.labels}: conversation ${l.id} is not in the data`);
      let raw = findingsCache.get(l.id);
      if (!raw) {
        raw = engine.run(conversation);
        findingsCache.set(l.id, raw);
      }
      const violation = e.unit === 'turn' ? l.label : !l.label;
      const predicted = e.unit === 'turn' ? raw.findings.some((f) => f.turn === l.turn) : raw.findings.length > 0;
      const cell = predicted && violation ? 'tp' : predicted ? 'fp' : violation ? 'fn' : 'tn';
      counts[cell]++;
      if (l.split === 'holdout') heldOut[cell]++;
      if (predicted !== violation) {
        const d: EvalDisagreement = { name: e.rule.meta.id, id: l.id, label: violation, predicted };
        if (l.turn !== undefined) d.turn = l.turn;
        if (l.note) d.note = l.note;
        disagreements.push(d);
      }
    }
    metrics.push(metric(e.rule.meta.id, counts, e.targets));
    if (labels.some((l) => l.split === 'holdout')) metrics.push(metric(`${e.rule.meta.id} (held-out)`, heldOut));
  }
  return { section: 'rules', metrics, disagreements };
}

export const rulesSection: EvalSection = { name: 'rules', run: evaluateRules };

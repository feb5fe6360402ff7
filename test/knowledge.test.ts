/**
 * The knowledge data tests itself (like textlint-rule-prh's specs): every scenario's own script
 * passes its own rule, and every citation quote occurs verbatim in the cited seed file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleTester } from '../src/engine/rule-tester.js';
import { SCENARIOS, STANDARD_PHRASES, PHRASES_004_67 } from '../src/knowledge/index.js';
import { BUILTIN_RULES_BY_ID } from '../src/rules/index.js';
import { normalize } from '../src/text/normalize.js';

const SEEDS = process.env['KEFU_SEEDS'] ?? path.resolve(__dirname, '../../shared/seeds');
const seedsPresent = existsSync(SEEDS);
if (!seedsPresent) console.warn(`knowledge.test: seed folder ${SEEDS} is absent, citation checks skipped`);
const seedText = new Map<string, string>();
const seed = (file: string) => {
  if (!seedText.has(file)) seedText.set(file, readFileSync(path.join(SEEDS, file), 'utf8'));
  return seedText.get(file)!;
};

/** Rules a scenario may name that live outside this rule set (owned elsewhere). */
const EXTERNAL_RULES = new Set(['closing']);

describe('scenarios', () => {
  it('ids are unique and every scenario names a rule', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.rule, s.id).toBeTruthy();
      expect(BUILTIN_RULES_BY_ID.has(s.rule!) || EXTERNAL_RULES.has(s.rule!), `${s.id} → ${s.rule}`).toBe(true);
    }
  });

  it('covers all 34 scripts of 004 §1–§34', () => {
    const sections = new Set(SCENARIOS.flatMap((s) => ('section' in s.source && s.source.section ? [/§(\d+)/.exec(s.source.section)?.[1]] : [])).filter(Boolean));
    // §1 is the opening line (self-introduction), §8 (keep Mandarin) and §2b (use the surname)
    // are judged by other rules or not checkable from text; every other section has a scenario.
    for (const n of [2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34]) {
      expect(sections.has(String(n)), `§${n}`).toBe(true);
    }
  });

  it('no scenario lists a phrase as both expected and wrong', () => {
    for (const s of SCENARIOS) {
      const wrong = new Set(s.wrong.map((w) => normalize(w).text));
      for (const e of s.expected) expect(wrong.has(normalize(e).text), `${s.id}: ${e}`).toBe(false);
    }
  });

  it('every script passes its own rule', () => {
    for (const s of SCENARIOS) {
      const rule = BUILTIN_RULES_BY_ID.get(s.rule ?? '');
      if (!rule || s.triggers.length === 0) continue;
      const channel = s.channels[0]!;
      if (!rule.meta.channels.includes(channel)) continue;
      const trigger = s.triggers[0]!;
      const agentSays = s.triggerRole === 'agent' && !s.wrong.includes(trigger) ? `${trigger}。${s.script}` : s.script;
      const conversation = s.triggerRole === 'agent' ? `C: 您好\nA: ${agentSays}` : `C: ${trigger}\nA: ${s.script}`;
      const { findings } = RuleTester.inspect(rule, { conversation, channel });
      expect(findings.map((f) => f.message), `${s.id} (${rule.meta.id}): ${conversation}`).toEqual([]);
    }
  });

  it('every trigger raises its situation: without a reply the rule reports', () => {
    for (const s of SCENARIOS) {
      const rule = BUILTIN_RULES_BY_ID.get(s.rule ?? '');
      if (!rule || !rule.meta.id.startsWith('scenario-') || (s.triggerRole ?? 'customer') !== 'customer') continue;
      for (const trigger of s.triggers) {
        // Chat where possible: on calls the opening waiting complaint is left to answer-rings.
        const channel = s.channels.includes('chat') ? 'chat' : s.channels[0]!;
        const { findings } = RuleTester.inspect(rule, { conversation: `C: ${trigger}`, channel });
        expect(findings.length, `${s.id}: ${trigger}`).toBeGreaterThan(0);
      }
    }
  });

  it.skipIf(!seedsPresent)('every citation quote occurs verbatim in its seed', () => {
    for (const s of SCENARIOS) {
      if ('kefuAddition' in s.source) continue;
      expect(seed(s.source.file).includes(s.source.quote), `${s.id}: ${s.source.quote}`).toBe(true);
    }
  });
});

describe('standard phrases', () => {
  it('holds the 67 phrases of 004 in order', () => {
    expect(PHRASES_004_67.map((p) => p.id)).toEqual(Array.from({ length: 67 }, (_, i) => `004-phrase-${i + 1}`));
    expect(PHRASES_004_67[17]!.text).toBe('对不起，我不太清楚，但我可以帮您问一问。');
    expect(PHRASES_004_67[17]!.source.quote).toBe('對不起,我不太清楚,但我可以幫您問一問.');
  });

  it('ids are unique, texts are Simplified', () => {
    expect(new Set(STANDARD_PHRASES.map((p) => p.id)).size).toBe(STANDARD_PHRASES.length);
    for (const p of STANDARD_PHRASES) expect(normalize(p.text).text.replace(/[,!?:()]/g, ''), p.id).toBe(p.text.replace(/[，！？：（）,!?:()]/g, '').toLowerCase());
  });

  it.skipIf(!seedsPresent)('every citation quote occurs verbatim in its seed', () => {
    for (const p of STANDARD_PHRASES) expect(seed(p.source.file).includes(p.source.quote), `${p.id}: ${p.source.quote}`).toBe(true);
  });
});

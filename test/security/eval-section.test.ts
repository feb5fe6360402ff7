import { describe, expect, it } from 'vitest';
import { piiSection } from '../../src/eval/pii.js';

describe('npm run eval: pii section', () => {
  it('reports per-kind precision/recall, meets its targets, leaks no text', async () => {
    const r = await piiSection.run();
    expect(r.skipped).toBeUndefined();
    const names = r.metrics.map((m) => m.name);
    for (const k of ['mobile', 'landline', 'hotline', 'id_card', 'bank_card', 'email', 'address', 'name', 'order', 'all', 'all/holdout']) expect(names).toContain(k);
    for (const m of r.metrics) console.log(m.name.padEnd(18), `n=${m.tp + m.fn}`, `P=${m.precision.toFixed(3)}`, `R=${m.recall.toFixed(3)}`, m.targets ? (m.pass ? 'PASS' : 'FAIL') : '');
    expect(r.metrics.filter((m) => !m.pass).map((m) => m.name)).toEqual([]);
    expect(JSON.stringify(r.disagreements)).not.toMatch(/\d{7,}/);
  });
});

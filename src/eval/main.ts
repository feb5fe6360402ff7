/**
 * `npm run eval`: run every evaluation section and print precision, recall and accuracy per
 * detector, with the disagreements by id (and turn). Exits 0 when the data is absent (with a
 * message), 1 when a target is missed.
 */
import { sections, type EvalReport } from './sections.js';

const pct = (x: number) => x.toFixed(3);

function print(report: EvalReport): boolean {
  console.log(`\n== ${report.section} ==`);
  if (report.skipped) {
    console.log(`skipped: ${report.skipped}`);
    return true;
  }
  console.log(['name'.padEnd(20), 'n'.padStart(5), 'TP'.padStart(5), 'FP'.padStart(5), 'FN'.padStart(5), 'TN'.padStart(5), 'prec'.padStart(7), 'recall'.padStart(7), 'acc'.padStart(7), '  target'].join(' '));
  let ok = true;
  for (const m of report.metrics) {
    const t = m.targets
      ? Object.entries(m.targets)
          .map(([k, v]) => `${k}≥${v}`)
          .join(' ')
      : '';
    console.log(
      [m.name.padEnd(20), String(m.n).padStart(5), String(m.tp).padStart(5), String(m.fp).padStart(5), String(m.fn).padStart(5), String(m.tn).padStart(5), pct(m.precision).padStart(7), pct(m.recall).padStart(7), pct(m.accuracy).padStart(7), `  ${t} ${m.targets ? (m.pass ? 'PASS' : 'FAIL') : ''}`].join(' '),
    );
    ok &&= m.pass;
  }
  if (report.disagreements.length > 0) {
    console.log(`\ndisagreements (${report.disagreements.length}):`);
    for (const d of report.disagreements) {
      const where = d.turn === undefined ? d.id : `${d.id}#${d.turn}`;
      console.log(`  ${d.name.padEnd(18)} ${d.predicted ? 'FP' : 'FN'}  ${where}${d.note ? `  (${d.note})` : ''}`);
    }
  }
  return ok;
}

async function main(): Promise<void> {
  let ok = true;
  for (const section of await sections()) {
    const report = await section.run();
    ok = print(report) && ok;
  }
  console.log(ok ? '\nall targets met' : '\nsome targets missed');
  process.exitCode = ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 2;
});

import { Command } from 'commander';
import type { CommandIo } from '../../src/cli/io.js';

/**
 * Runs one `kefu <name> …` admin command in-process and returns its exit code and output lines,
 * commander's own usage errors included.
 */
export async function runCommand(
  register: (program: Command, io: CommandIo) => void,
  name: string,
  args: string[],
): Promise<{ code: number | undefined; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => err.push(s.trimEnd()), writeOut: (s) => out.push(s.trimEnd()) });
  register(program, { out: (l) => out.push(l), err: (l) => err.push(l) });
  process.exitCode = undefined;
  let code: number | undefined;
  try {
    await program.parseAsync(['node', 'kefu', name, ...args]);
    code = process.exitCode as number | undefined;
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? 1;
  }
  process.exitCode = undefined;
  return { code, out: out.join('\n'), err: err.join('\n') };
}

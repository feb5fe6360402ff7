/**
 * The `kefu` binary as users run it: it loads only the module of the command it runs, so these
 * tests run the built dist/cli/main.js and check that every command is still reachable.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, DIST, ensureDistBuilt, ROOT } from '../dist.js';

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [path.join(DIST, 'cli', 'main.js'), ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );

describe('kefu', () => {
  beforeAll(ensureDistBuilt, BUILD_TIMEOUT_MS);

  it('lists every command in its help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of ['inspect', 'serve', 'worker', 'token', 'user', 'audit', 'keys', 'retention', 'privacy']) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('runs a command from its own module: inspect on the examples, help of a sub-command', async () => {
    const inspected = await run(['inspect', 'examples', '--format', 'jsonl']);
    expect(inspected.code).toBe(0);
    const first = JSON.parse(inspected.stdout.split('\n')[0]!) as { id: string; findings: unknown[] };
    expect(first.id).toBeTruthy();
    const token = await run(['token', 'create', '--help']);
    expect(token.code).toBe(0);
    expect(token.stdout).toContain('Usage: kefu token create');
  });

  it('refuses an unknown command with the list of known ones', async () => {
    const { code, stderr } = await run(['inspekt']);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown command 'inspekt'");
    expect(stderr).toContain('(Did you mean inspect?)');
  });
});

/**
 * The `kefu` binary as users run it: it relaunches Node with its flags and loads only the module
 * of the command it runs, so these tests run the built dist/cli/main.js.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, DIST, ensureDistBuilt, ROOT } from '../dist.js';

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  promisify(execFile)(process.execPath, [path.join(DIST, 'cli', 'main.js'), ...args], { cwd: ROOT, env }).then(
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

  it('relaunches Node with its flags, once, and passes the exit code on', async () => {
    // NODE_OPTIONS is not part of execArgv, so the preload runs in both processes and logs each one's flags.
    const dir = await mkdtemp(path.join(tmpdir(), 'kefu-cli-'));
    const log = path.join(dir, 'flags.log');
    const preload = path.join(dir, 'log-flags.cjs');
    await writeFile(preload, `require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.execArgv) + '\\n');`);
    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, '{"id":"c1","channel":"chat","turns":[]}\n');
    const { code, stderr } = await run(['inspect', bad], { ...process.env, NODE_OPTIONS: `--require ${preload}` });
    expect(code).toBe(2);
    expect(stderr).toContain('conversation c1, field turns: conversation has no turns');
    const flags = (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as string[]);
    expect(flags).toEqual([[], ['--v8-pool-size=0']]);
  });

  it('ends quietly when its reader goes away (kefu inspect … | head)', async () => {
    const child = spawn(process.execPath, [path.join(DIST, 'cli', 'main.js'), 'inspect', 'examples', 'test/fixtures', '--format', 'jsonl'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('refuses an unknown command with the list of known ones', async () => {
    const { code, stderr } = await run(['inspekt']);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown command 'inspekt'");
    expect(stderr).toContain('(Did you mean inspect?)');
  });
});

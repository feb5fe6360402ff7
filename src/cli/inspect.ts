/**
 * `kefu inspect <files or dirs…>`: stream conversations through the engine and print a report.
 * Exit codes: 0 clean, 1 when --fail-on / --min-score trip, 2 for bad input or config.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { InputError } from '../conversation/errors.js';
import { readPaths } from '../conversation/import/index.js';
import type { Conversation } from '../conversation/model.js';
import { ConfigError } from '../engine/config.js';
import type { Engine } from '../engine/engine.js';
import { InspectionPool, loadEngine, resolveJobs, type Inspected, type Jobs, type PoolConfig } from '../engine/pool.js';
import type { ConversationResult } from '../engine/types.js';
import { htmlConversation, htmlFooter, htmlHeader } from './format/html.js';
import { formatJsonLine, toJsonRecord } from './format/jsonl.js';
import { formatConversationTable, formatSummaryTable } from './format/table.js';
import { SummaryBuilder } from './summary.js';

export const FORMATS = ['table', 'jsonl', 'json', 'html'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface InspectOptions {
  config?: string;
  preset?: string;
  format: ReportFormat;
  output?: string;
  failOn?: 'warn' | 'error';
  minScore?: number;
  skipInvalid?: boolean;
  /** Progress on stderr (defaults to: stderr is a TTY). */
  progress?: boolean;
  /** Worker threads that inspect (default 1: inspect in this thread, no worker). */
  jobs?: Jobs;
}

/** Where results come from: the engine in this thread or a pool of workers, both in input order. */
interface Inspector {
  inspect(conversations: AsyncIterable<Conversation>): AsyncIterable<Inspected>;
  close(): Promise<void>;
}

function inThread(engine: Engine): Inspector {
  return {
    async *inspect(conversations) {
      for await (const conversation of conversations) yield { conversation, result: engine.inspect(conversation) };
    },
    close: async () => {},
  };
}

async function openInspector(config: PoolConfig, jobs: number): Promise<Inspector> {
  return jobs > 1 ? InspectionPool.start({ jobs, config }) : inThread(await loadEngine(config));
}

function write(out: Writable, chunk: string): Promise<void> | void {
  if (!out.write(chunk)) return new Promise((resolve) => out.once('drain', () => resolve()));
}

/** True when this result makes the run fail under --fail-on / --min-score. */
export function trips(result: ConversationResult, options: Pick<InspectOptions, 'failOn' | 'minScore'>): boolean {
  if (options.minScore !== undefined && result.score < options.minScore) return true;
  if (options.failOn === 'error') return result.findings.some((f) => f.severity === 'error');
  if (options.failOn === 'warn') return result.findings.length > 0;
  return false;
}

export async function runInspect(paths: string[], options: InspectOptions, err: Writable = process.stderr): Promise<number> {
  let inspector: Inspector;
  try {
    inspector = await openInspector({ source: options.config, preset: options.preset, cwd: process.cwd() }, resolveJobs(options.jobs ?? 1));
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`kefu: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const out: Writable = options.output ? createWriteStream(options.output) : process.stdout;
  const summary = new SummaryBuilder();
  const color = !options.output && Boolean((process.stdout as { isTTY?: boolean }).isTTY) && !process.env['NO_COLOR'];
  const showProgress = options.progress ?? Boolean((err as { isTTY?: boolean }).isTTY);
  const started = Date.now();
  let inspected = 0;
  let failed = false;
  let exitCode = 0;
  const jsonResults: unknown[] = [];

  try {
    if (options.format === 'html') await write(out, htmlHeader('Kefu 质检报告'));
    // Reading and parsing stay in this thread with any number of jobs, and so does onInvalid.
    const conversations = readPaths(paths, {
      skipInvalid: options.skipInvalid ?? false,
      onInvalid: (e: InputError) => {
        summary.invalidRecords++;
        err.write(`kefu: skipped invalid record: ${e.message}\n`);
      },
    });
    for await (const { conversation, result } of inspector.inspect(conversations)) {
      summary.add(result);
      if (trips(result, options)) failed = true;
      switch (options.format) {
        case 'jsonl':
          await write(out, formatJsonLine(result));
          break;
        case 'json':
          jsonResults.push(toJsonRecord(result));
          break;
        case 'table':
          await write(out, formatConversationTable(conversation, result, { color }));
          break;
        case 'html':
          await write(out, htmlConversation(conversation, result));
          break;
      }
      inspected++;
      if (showProgress && inspected % 200 === 0) {
        const rate = Math.round(inspected / Math.max(0.001, (Date.now() - started) / 1000));
        err.write(`\r已检查 ${inspected} 条会话 · ${rate} 条/秒`);
      }
    }
  } catch (e) {
    if (e instanceof InputError) {
      err.write(`${showProgress ? '\n' : ''}kefu: invalid input: ${e.message}\n(use --skip-invalid to report bad records and go on)\n`);
      exitCode = 2;
    } else {
      throw e;
    }
  } finally {
    await inspector.close();
  }
  if (showProgress) err.write('\n');
  const built = summary.build();
  if (options.format === 'json') await write(out, `${JSON.stringify({ summary: built, results: jsonResults }, null, 2)}\n`);
  if (options.format === 'table') await write(out, formatSummaryTable(built, { color }));
  if (options.format === 'html') await write(out, htmlFooter(built));
  if (options.output) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  if (exitCode !== 0) return exitCode;
  return failed ? 1 : 0;
}

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .description('inspect conversations (JSONL, JSON, CSV, transcripts; files or folders) and report findings and scores')
    .argument('<paths...>', 'files or directories')
    .option('-c, --config <file>', 'kefu.config.json|yaml (default: ./kefu.config.* or kefu:recommended)')
    .option('-p, --preset <name>', 'use a preset instead of a config file, e.g. kefu:call-center')
    .option('-f, --format <format>', `report format: ${FORMATS.join('|')}`, 'table')
    .option('-o, --output <file>', 'write the report to a file')
    .option('--fail-on <severity>', 'exit 1 if any finding of this severity or above (warn|error)')
    .option('--min-score <n>', 'exit 1 if any conversation scores below n')
    .option('--skip-invalid', 'report invalid records on stderr and go on')
    .option('-j, --jobs <n|auto>', 'inspect on n worker threads (auto: one per core but one, up to 8; 1: in this thread); output is the same as with 1', '1')
    .action(async (paths: string[], o: { config?: string; preset?: string; format: string; output?: string; failOn?: string; minScore?: string; skipInvalid?: boolean; jobs: string }) => {
      if (!(FORMATS as readonly string[]).includes(o.format)) program.error(`kefu: unknown format '${o.format}' (${FORMATS.join(', ')})`, { exitCode: 2 });
      if (o.failOn !== undefined && o.failOn !== 'warn' && o.failOn !== 'error') program.error(`kefu: --fail-on takes warn or error`, { exitCode: 2 });
      const minScore = o.minScore === undefined ? undefined : Number(o.minScore);
      if (minScore !== undefined && !Number.isFinite(minScore)) program.error(`kefu: --min-score takes a number`, { exitCode: 2 });
      const jobs = o.jobs === 'auto' ? 'auto' : Number(o.jobs);
      if (jobs !== 'auto' && !(Number.isInteger(jobs) && jobs >= 1)) program.error(`kefu: --jobs takes a positive integer or auto (got '${o.jobs}')`, { exitCode: 2 });
      const options: InspectOptions = { format: o.format as ReportFormat, jobs };
      if (o.config) options.config = o.config;
      if (o.preset) options.preset = o.preset;
      if (o.output) options.output = o.output;
      if (o.failOn) options.failOn = o.failOn as 'warn' | 'error';
      if (minScore !== undefined) options.minScore = minScore;
      if (o.skipInvalid) options.skipInvalid = true;
      process.exitCode = await runInspect(paths, options);
    });
}

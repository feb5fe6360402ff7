/**
 * Agent-assist benchmark (issue 6), not a test: `benchAssist()` returns a flat record for the
 * lead's bench runner.
 *
 * 1. `check()` per call on drafts of 20, 200 and 1,000 characters with the full configuration
 *    (kefu:recommended plus every built-in rule), p50/p99 — target p99 < 1 ms at 200 characters.
 * 2. A bounded loopback load test of the `/assist` WebSocket: 500 simulated agents, one
 *    connection each, typing at 5 keystrokes/s for ~10 s against a minimal Fastify with only the
 *    assist plugin in a child process (its CPU and memory measured on their own). Round trip
 *    p50/p99 per answered draft — target p99 < 20 ms — and dropped drafts: a draft that stayed the
 *    agent's latest for over a second (or to the end) without an answer. Should be 0.
 *    127.0.0.1 only; it stops by itself (hard limit 60 s) and kills its child.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createAssistantSync } from '../assist/assistant.js';
import type { AssistContext } from '../assist/types.js';
import type { Turn } from '../conversation/model.js';
import { resolveFullConfig } from './assist-server.js';

const REPLY =
  '您好，关于您的订单，我这边帮您查询了一下物流信息，目前包裹已经到达本地分拨中心，预计明天送达。这个我也不知道呢，你可以问问快递员，业务员电话是13812345678。嗯嗯，小意思啦，请问还有什么可以帮助您？';

function draftOf(length: number, variant: number): string {
  let text = '';
  while (text.length < length + 8) text += REPLY;
  return text.slice(variant % 7, (variant % 7) + length);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

function conversation(seed: number, now: number): Turn[] {
  const t = (s: number) => new Date(now - s * 1000).toISOString();
  const customer = ['我的快递怎么还没到，等了好久了', '谢谢你啊', '你们发错货了，我要投诉！', '在吗？', '怎么退货'][seed % 5]!;
  return [
    { role: 'customer', text: '你好，在吗', ts: t(90) },
    { role: 'agent', text: '您好，很高兴为您服务，请问有什么可以帮您？', ts: t(80) },
    { role: 'customer', text: customer, ts: t(20) },
  ];
}

async function benchCheck(record: Record<string, number | string>): Promise<void> {
  const config = await resolveFullConfig();
  const assistant = createAssistantSync(config);
  record['assist.config'] = config.presets.join('+') || 'all built-in rules';
  record['assist.draft_rules'] = assistant.realtimeRules.length;
  const now = Date.now();
  const contexts: AssistContext[] = Array.from({ length: 5 }, (_, i) => ({ turns: conversation(i, now), now }));
  for (const length of [20, 200, 1000]) {
    const drafts = Array.from({ length: 16 }, (_, i) => draftOf(length, i));
    const iterations = length >= 1000 ? 4000 : 10000;
    for (let i = 0; i < 2000; i++) assistant.check(drafts[i % 16]!, contexts[i % 5]);
    const times = new Float64Array(iterations);
    let problems = 0;
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      problems += assistant.check(drafts[i % 16]!, contexts[i % 5]).length;
      times[i] = performance.now() - start;
    }
    const sorted = [...times].sort((a, b) => a - b);
    record[`assist.check.${length}ch.p50_ms`] = round(percentile(sorted, 0.5));
    record[`assist.check.${length}ch.p99_ms`] = round(percentile(sorted, 0.99));
    record[`assist.check.${length}ch.problems_per_call`] = round(problems / iterations, 2);
  }
  const suggestTimes: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const start = performance.now();
    assistant.suggest(contexts[i % 5], draftOf(200, i));
    suggestTimes.push(performance.now() - start);
  }
  suggestTimes.sort((a, b) => a - b);
  record['assist.suggest.200ch.p50_ms'] = round(percentile(suggestTimes, 0.5));
  record['assist.suggest.200ch.p99_ms'] = round(percentile(suggestTimes, 0.99));
}

interface ServerStats {
  cpuUserMs: number;
  cpuSystemMs: number;
  wallMs: number;
  rssMb: number;
  heapMb: number;
}

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const here = fileURLToPath(import.meta.url);
  const serverFile = here.replace(/assist\.(ts|js)$/, 'assist-server.$1');
  const child = fork(serverFile, [], {
    env: { ...process.env, KEFU_ASSIST_BENCH_SERVER: '1' },
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('assist bench server did not start within 30 s'));
    }, 30_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`assist bench server exited (${code})`)));
    child.on('message', (m: { ready?: boolean; port?: number }) => {
      if (m?.ready && m.port) {
        clearTimeout(timer);
        resolve({ child, port: m.port });
      }
    });
  });
}

function request<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${message}`)), 10_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as T);
    });
    child.send(message);
  });
}

interface Agent {
  id: string;
  ws: WebSocket;
  seq: number;
  /** seq → send time (ms); removed when answered or superseded-and-answered. */
  sent: Map<number, number>;
  /** seq → when it stopped being the latest (the next send), for the drop rule. */
  supersededAt: Map<number, number>;
  lastAnswered: number;
  text: string;
  typed: number;
}

export interface LoadOptions {
  agents?: number;
  keystrokesPerSecond?: number;
  seconds?: number;
}

export async function benchAssistLoad(options: LoadOptions = {}): Promise<Record<string, number | string>> {
  const agentsCount = Math.min(options.agents ?? 500, 2000);
  const rate = Math.min(options.keystrokesPerSecond ?? 5, 50);
  const seconds = Math.min(options.seconds ?? 10, 30);
  const record: Record<string, number | string> = {};
  const { child, port } = await startServer();
  const hardStop = setTimeout(() => child.kill('SIGKILL'), 60_000 + seconds * 1000);
  const agents: Agent[] = [];
  const rtts: number[] = [];
  let answered = 0;
  let errors = 0;
  let dropped = 0;
  try {
    // Connect in batches (the accept queue is finite).
    for (let i = 0; i < agentsCount; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, agentsCount - i) }, (_, k) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/assist`, { perMessageDeflate: false });
          return new Promise<WebSocket>((resolve, reject) => {
            ws.once('open', () => resolve(ws));
            ws.once('error', reject);
          }).then((socket) => ({ socket, index: i + k }));
        }),
      );
      for (const { socket, index } of batch) {
        const agent: Agent = { id: `agent-${index}`, ws: socket, seq: 0, sent: new Map(), supersededAt: new Map(), lastAnswered: 0, text: draftOf(120, index), typed: 0 };
        socket.on('message', (data) => {
          const received = performance.now();
          const m = JSON.parse(String(data)) as { type: string; seq?: number };
          if (m.type !== 'hints' || m.seq === undefined) {
            errors++;
            return;
          }
          const sentAt = agent.sent.get(m.seq);
          if (sentAt !== undefined) rtts.push(received - sentAt);
          answered++;
          agent.lastAnswered = Math.max(agent.lastAnswered, m.seq);
          // Everything up to this seq is settled: answered, or superseded — a drop only if it
          // stayed the latest draft for over a second without an answer.
          for (const [seq, sentAt] of agent.sent) {
            if (seq > m.seq) continue;
            const until = agent.supersededAt.get(seq);
            if (seq < m.seq && until !== undefined && until - sentAt > 1000) dropped++;
            agent.sent.delete(seq);
            agent.supersededAt.delete(seq);
          }
        });
        agents.push(agent);
      }
    }

    // Warm-up round (JIT, connections): every agent sends a few drafts and gets its answers.
    for (let round = 0; round < 3; round++) {
      for (const agent of agents) {
        agent.sent.set(++agent.seq, performance.now());
        agent.ws.send(JSON.stringify({ type: 'draft', agentId: agent.id, seq: agent.seq, draft: agent.text.slice(0, 5 + round) }));
      }
      const until = performance.now() + 5000;
      while (performance.now() < until && agents.some((a) => a.lastAnswered < a.seq)) await new Promise((r) => setTimeout(r, 10));
    }
    rtts.length = 0;
    answered = 0;
    errors = 0;
    dropped = 0;
    await request(child, 'start');
    const started = performance.now();
    const interval = 1000 / rate;
    const now = Date.now();
    let sentCount = 0;
    let contextsSent = 0;
    // Each agent types on its own timer, phases spread over one interval.
    const timers: NodeJS.Timeout[] = [];
    await new Promise<void>((resolve) => {
      let finished = 0;
      agents.forEach((agent, index) => {
        const begin = setTimeout(() => {
          const timer = setInterval(() => {
            if (performance.now() - started >= seconds * 1000) {
              clearInterval(timer);
              if (++finished === agents.length) resolve();
              return;
            }
            const t = performance.now();
            // Drop rule: the previous draft stops being the latest now.
            if (agent.seq > 0 && agent.sent.has(agent.seq)) agent.supersededAt.set(agent.seq, t);
            agent.typed = agent.typed >= agent.text.length ? 1 : agent.typed + 1;
            const message: Record<string, unknown> = { type: 'draft', agentId: agent.id, seq: ++agent.seq, draft: agent.text.slice(0, agent.typed) };
            if (agent.typed === 1) {
              message['context'] = { turns: conversation(index, now), now: now + (t - started) };
              contextsSent++;
            }
            agent.sent.set(agent.seq, t);
            agent.ws.send(JSON.stringify(message));
            sentCount++;
          }, interval);
          timers.push(timer);
        }, (index / agents.length) * interval);
        timers.push(begin);
      });
    });
    // Let the last answers arrive.
    const settleUntil = performance.now() + 2000;
    while (performance.now() < settleUntil && agents.some((a) => a.lastAnswered < a.seq)) await new Promise((r) => setTimeout(r, 20));
    const elapsed = (performance.now() - started) / 1000;
    const stats = await request<ServerStats>(child, 'stop');
    for (const t of timers) clearInterval(t);

    for (const agent of agents) {
      if (agent.lastAnswered < agent.seq) dropped++; // the final draft never answered
      for (const [seq, at] of agent.supersededAt) {
        const sentAt = agent.sent.get(seq);
        if (sentAt !== undefined && at - sentAt > 1000) dropped++; // latest for > 1 s, unanswered
      }
    }
    rtts.sort((a, b) => a - b);
    record['assist.ws.agents'] = agents.length;
    record['assist.ws.keystrokes_per_s_per_agent'] = rate;
    record['assist.ws.seconds'] = round(elapsed, 2);
    record['assist.ws.drafts_sent'] = sentCount;
    record['assist.ws.contexts_sent'] = contextsSent;
    record['assist.ws.hints_received'] = answered;
    record['assist.ws.superseded'] = sentCount - answered;
    record['assist.ws.dropped'] = dropped;
    record['assist.ws.errors'] = errors;
    record['assist.ws.rtt_p50_ms'] = round(percentile(rtts, 0.5), 3);
    record['assist.ws.rtt_p99_ms'] = round(percentile(rtts, 0.99), 3);
    record['assist.ws.rtt_max_ms'] = round(rtts.at(-1) ?? NaN, 3);
    record['assist.ws.server_cpu_ms'] = round(stats.cpuUserMs + stats.cpuSystemMs, 1);
    record['assist.ws.server_cpu_pct_of_one_core'] = round(((stats.cpuUserMs + stats.cpuSystemMs) / stats.wallMs) * 100, 1);
    record['assist.ws.server_cpu_us_per_draft'] = round(((stats.cpuUserMs + stats.cpuSystemMs) * 1000) / Math.max(1, sentCount), 1);
    record['assist.ws.server_rss_peak_mb'] = round(stats.rssMb, 1);
    record['assist.ws.server_heap_mb'] = round(stats.heapMb, 1);
  } finally {
    for (const agent of agents) agent.ws.terminate();
    clearTimeout(hardStop);
    child.send('exit');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  }
  return record;
}

export async function benchAssist(): Promise<Record<string, number | string>> {
  const record: Record<string, number | string> = {};
  await benchCheck(record);
  Object.assign(record, await benchAssistLoad());
  return record;
}

// `node dist/bench/assist.js` runs it alone.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const only = process.argv[2];
  const run =
    only === 'check'
      ? (async () => {
          const record: Record<string, number | string> = {};
          await benchCheck(record);
          return record;
        })()
      : benchAssist();
  void run.then(
    (record) => {
      for (const [k, v] of Object.entries(record)) console.log(`${k}\t${v}`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

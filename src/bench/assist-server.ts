/**
 * The load test's server, run as a child process (`fork`) so its CPU is measured on its own:
 * a minimal Fastify with only the assist plugin (no store, no auth), on 127.0.0.1.
 * Parent ↔ child over IPC: child sends {ready, port}; parent sends 'start' / 'stop';
 * child answers 'stop' with {cpuUserMs, cpuSystemMs, wallMs, rssMb, heapMb} and exits on 'exit'.
 */
import Fastify from 'fastify';
import { resolveConfig, type ResolvedConfig } from '../engine/config.js';
import { PRESETS_BY_NAME } from '../presets/index.js';
import { BUILTIN_RULES, BUILTIN_RULES_BY_ID } from '../rules/index.js';
import { assistRoutes } from '../assist/http.js';
import { createAssistantSync, isDraftRule } from '../assist/assistant.js';

/**
 * The largest configuration available: the preset that runs the most rules on drafts
 * (kefu:recommended unless a larger one exists).
 */
export async function resolveFullConfig(): Promise<ResolvedConfig> {
  const registry = { rules: BUILTIN_RULES_BY_ID, presets: PRESETS_BY_NAME };
  let best: ResolvedConfig | undefined;
  let bestCount = -1;
  for (const name of ['kefu:recommended', ...[...PRESETS_BY_NAME.keys()].filter((n) => n !== 'kefu:recommended')]) {
    if (!PRESETS_BY_NAME.has(name)) continue;
    const config = await resolveConfig({ extends: name }, registry);
    const count = config.rules.filter((r) => isDraftRule(r.rule)).length;
    if (count > bestCount) {
      best = config;
      bestCount = count;
    }
  }
  if (best) return best;
  const rules = Object.fromEntries(BUILTIN_RULES.map((r) => [r.meta.id, r.meta.defaultSeverity]));
  return resolveConfig({ rules }, registry);
}

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  const assistant = createAssistantSync(await resolveFullConfig());
  // Warm the JIT up the way a long-running server is: a few thousand drafts.
  const turns = [{ role: 'customer' as const, text: '我的快递怎么还没到，等了好久了', ts: new Date().toISOString() }];
  const text = '您好，关于您的订单，我这边帮您查询了一下物流信息，这个我也不知道呢，小意思啦';
  for (let i = 0; i < 3000; i++) {
    const draft = text.slice(0, 1 + (i % text.length));
    assistant.check(draft, { turns });
    assistant.suggest({ turns }, draft);
    assistant.coach({ turns });
  }
  await app.register(assistRoutes, { assistant });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  let cpu = process.cpuUsage();
  let wall = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  sampler.unref();
  // Never outlive the parent or the bench's time box.
  const guard = setTimeout(() => process.exit(0), 120_000);
  guard.unref();
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message) => {
    if (message === 'start') {
      cpu = process.cpuUsage();
      wall = performance.now();
      peakRss = process.memoryUsage().rss;
      process.send?.({ started: true });
    } else if (message === 'stop') {
      const used = process.cpuUsage(cpu);
      const mem = process.memoryUsage();
      process.send?.({
        cpuUserMs: used.user / 1000,
        cpuSystemMs: used.system / 1000,
        wallMs: performance.now() - wall,
        rssMb: Math.max(peakRss, mem.rss) / 2 ** 20,
        heapMb: mem.heapUsed / 2 ** 20,
      });
    } else if (message === 'exit') {
      void app.close().finally(() => process.exit(0));
    }
  });
  process.send?.({ ready: true, port });
}

// Run only when started as the child process, not when imported for `resolveFullConfig`.
if (process.send !== undefined && process.env['KEFU_ASSIST_BENCH_SERVER'] === '1') {
  void main();
}

/**
 * One `/assist` WebSocket connection: parses keystroke-level messages, keeps each agent's latest
 * draft and context, and answers the latest draft of every agent once the burst of messages that
 * arrived together has been read (a `setImmediate` after the first), skipping drafts a newer seq
 * already superseded. Malformed messages get an error message; the socket stays open.
 *
 * Independent of Fastify and ws: it takes the raw message text and a `send` function.
 */
import Compile from 'typebox/compile';
import { ContextMessage, DraftMessage, type DraftMessageWire } from './protocol.js';
import type { Assistant, AssistContext } from './types.js';

const checkDraft = Compile(DraftMessage);
const checkContext = Compile(ContextMessage);

export type AssistantResolver = (preset: string | undefined) => Assistant | Promise<Assistant>;

export interface SessionStats {
  received: number;
  answered: number;
  superseded: number;
  errors: number;
}

interface AgentState {
  context: AssistContext | undefined;
  /** Highest seq received. */
  seq: number;
  /** Latest unprocessed draft. */
  pending: DraftMessageWire | undefined;
}

export class AssistSession {
  readonly stats: SessionStats = { received: 0, answered: 0, superseded: 0, errors: 0 };
  private readonly agents = new Map<string, AgentState>();
  private readonly queue: string[] = [];
  private scheduled = false;
  private running = false;
  private closed = false;

  constructor(
    private readonly send: (message: string) => void,
    private readonly resolve: AssistantResolver,
    private readonly maxAgents = 1000,
  ) {}

  close(): void {
    this.closed = true;
    this.agents.clear();
    this.queue.length = 0;
  }

  private error(code: string, message: string, extra: { seq?: number; agentId?: string } = {}): void {
    this.stats.errors++;
    this.send(JSON.stringify({ type: 'error', code, message, ...extra }));
  }

  private agent(agentId: string): AgentState | undefined {
    let state = this.agents.get(agentId);
    if (!state) {
      if (this.agents.size >= this.maxAgents) return undefined;
      state = { context: undefined, seq: -1, pending: undefined };
      this.agents.set(agentId, state);
    }
    return state;
  }

  /** Feed one raw message (text frame). */
  receive(raw: string): void {
    if (this.closed) return;
    this.stats.received++;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      this.error('bad_json', '消息不是有效的 JSON');
      return;
    }
    const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
    const seq = typeof (message as { seq?: unknown })?.seq === 'number' ? (message as { seq: number }).seq : undefined;
    if (type === 'ping') {
      this.send(JSON.stringify(seq === undefined ? { type: 'pong' } : { type: 'pong', seq }));
      return;
    }
    if (type === 'context') {
      if (!checkContext.Check(message)) {
        this.error('bad_message', describe(checkContext.Errors(message)));
        return;
      }
      const state = this.agent(message.agentId);
      if (!state) return this.error('too_many_agents', `一个连接最多 ${this.maxAgents} 个坐席`, { agentId: message.agentId });
      state.context = message.context as AssistContext;
      return;
    }
    if (type !== 'draft') {
      this.error('bad_message', `未知的消息类型 ${JSON.stringify(type)}（应为 draft、context 或 ping）`, seq === undefined ? {} : { seq });
      return;
    }
    if (!checkDraft.Check(message)) {
      const agentId = typeof (message as { agentId?: unknown }).agentId === 'string' ? (message as { agentId: string }).agentId : undefined;
      this.error('bad_message', describe(checkDraft.Errors(message)), { ...(seq === undefined ? {} : { seq }), ...(agentId === undefined ? {} : { agentId }) });
      return;
    }
    const state = this.agent(message.agentId);
    if (!state) return this.error('too_many_agents', `一个连接最多 ${this.maxAgents} 个坐席`, { seq: message.seq, agentId: message.agentId });
    if (message.context !== undefined) state.context = message.context as AssistContext;
    if (message.seq <= state.seq) {
      // An older or repeated seq after a newer one: stale, never answered.
      this.stats.superseded++;
      return;
    }
    state.seq = message.seq;
    if (state.pending) this.stats.superseded++;
    else this.queue.push(message.agentId);
    state.pending = message;
    if (!this.scheduled && !this.running) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  /** Answer the latest pending draft of every agent with one waiting. */
  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const agentId = this.queue.shift()!;
        const state = this.agents.get(agentId);
        const message = state?.pending;
        if (!state || !message) continue;
        const context = state.context;
        let assistant: Assistant | Promise<Assistant>;
        try {
          assistant = this.resolve(context?.preset);
        } catch (err) {
          state.pending = undefined;
          this.error('bad_context', (err as Error).message, { seq: message.seq, agentId });
          continue;
        }
        if (typeof (assistant as Promise<Assistant>).then === 'function') {
          try {
            assistant = await assistant;
          } catch (err) {
            state.pending = undefined;
            this.error('bad_context', (err as Error).message, { seq: message.seq, agentId });
            continue;
          }
          if (this.closed) return;
          // A newer draft may have arrived while the assistant loaded: answer that one instead.
          if (state.pending !== message) {
            if (!this.queue.includes(agentId)) this.queue.unshift(agentId);
            continue;
          }
        }
        state.pending = undefined;
        this.answer(assistant as Assistant, agentId, message, context);
      }
    } finally {
      this.running = false;
    }
  }

  private answer(assistant: Assistant, agentId: string, message: DraftMessageWire, context: AssistContext | undefined): void {
    const started = performance.now();
    let payload: string;
    try {
      const ctx: AssistContext = context ?? {};
      const problems = assistant.check(message.draft, ctx);
      const suggestions = assistant.suggest(ctx, message.draft);
      const coach = assistant.coach(ctx);
      const ms = Math.round((performance.now() - started) * 1000) / 1000;
      payload = JSON.stringify({ type: 'hints', agentId, seq: message.seq, problems, suggestions, coach, ms });
    } catch (err) {
      this.error('internal', `处理草稿失败：${(err as Error).message}`, { seq: message.seq, agentId });
      return;
    }
    this.stats.answered++;
    this.send(payload);
  }
}

function describe(errors: Iterable<{ instancePath?: string; message?: string }>): string {
  const list: string[] = [];
  for (const e of errors) {
    list.push(`${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
    if (list.length >= 3) break;
  }
  return `消息格式错误：${list.join('; ') || 'invalid'}`;
}

/**
 * `<kefu-assist>`: a drop-in Web Component for any agent desk (no framework). It attaches to a
 * textarea by id, streams every keystroke's draft to the `/assist` WebSocket, and shows the hints
 * under it: problems with a one-click replacement, the scripts that fit the conversation now, and
 * the 60-second response-time coach.
 *
 *   <textarea id="reply"></textarea>
 *   <kefu-assist for="reply" endpoint="/assist" agent-id="a-1001"></kefu-assist>
 *   <script type="module">
 *     import 'kefu/dist/assist/widget/kefu-assist.js';
 *     document.querySelector('kefu-assist').context = { channel: 'chat', turns: [...] };
 *   </script>
 *
 * Attributes: `for` (textarea id), `endpoint` (ws:// or http(s):// URL or a path, default `/assist`),
 * `agent-id`, `channel`, `preset`. Property `context` = `{turns, channel, preset}`.
 * Events: `kefu-hints` (detail = the hints message), `kefu-apply` (detail = {kind, text}).
 */
import type { Coach, Problem, Suggestion } from '../types.js';
import type { BrowserGlobals, DomElement, DomEvent, DomTextArea, DomWebSocket, HostElement, Listener } from './dom.js';

const g = globalThis as unknown as BrowserGlobals;

export interface HintsMessage {
  type: 'hints';
  agentId: string;
  seq: number;
  problems: Problem[];
  suggestions: Suggestion[];
  coach: Coach;
  ms?: number;
}

interface WidgetContext {
  turns?: Array<{ role: string; text: string; ts?: string; start?: number }>;
  channel?: string;
  preset?: string;
  startedAt?: string | number;
}

const STYLE = `
:host { display: block; font: 13px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #1f2328; }
.bar { display: flex; align-items: center; gap: 8px; margin: 4px 0; min-height: 20px; }
.coach { padding: 1px 8px; border-radius: 10px; font-size: 12px; }
.coach.ok { background: #dafbe1; color: #116329; }
.coach.warn { background: #fff8c5; color: #7d4e00; }
.coach.late { background: #ffebe9; color: #a40e26; font-weight: 600; }
.status { color: #656d76; font-size: 12px; margin-left: auto; }
ul { list-style: none; margin: 0; padding: 0; }
li { margin: 3px 0; padding: 4px 8px; border-radius: 6px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px; }
li.problem { background: #fff1f0; border-left: 3px solid #cf222e; }
li.problem.warn { background: #fff8e6; border-left-color: #bf8700; }
li.suggestion { background: #f0f6ff; border-left: 3px solid #0969da; }
.evidence { font-weight: 600; }
.why { color: #656d76; font-size: 12px; }
button { font: inherit; font-size: 12px; border: 1px solid #d0d7de; background: #fff; border-radius: 6px; padding: 0 8px; cursor: pointer; }
button:hover { background: #f3f4f6; }
h4 { margin: 6px 0 2px; font-size: 12px; color: #656d76; font-weight: 500; }
`;

const Base = (g.HTMLElement ?? class {}) as unknown as new () => HostElement;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sourceTitle(source: Problem['source'] | undefined): string {
  if (!source) return '';
  if ('file' in source) return `依据：${source.file}${source.section ? ` §${source.section}` : ''}「${source.quote}」`;
  return `Kefu 补充：${source.reason}`;
}

/** Resolve the endpoint attribute to a WebSocket URL. */
export function resolveEndpoint(endpoint: string | null, location: { protocol: string; host: string } | undefined): string {
  const value = endpoint && endpoint.trim() !== '' ? endpoint.trim() : '/assist';
  if (/^wss?:\/\//i.test(value)) return value;
  if (/^https?:\/\//i.test(value)) return value.replace(/^http/i, 'ws');
  const scheme = location?.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location?.host ?? '127.0.0.1'}${value.startsWith('/') ? '' : '/'}${value}`;
}

export class KefuAssistElement extends Base {
  static get observedAttributes(): string[] {
    return ['for', 'endpoint', 'agent-id', 'channel', 'preset'];
  }

  private root: DomElement | undefined;
  private textarea: DomTextArea | undefined;
  private socket: DomWebSocket | undefined;
  private seq = 0;
  private shownSeq = -1;
  private contextValue: WidgetContext | undefined;
  private contextDirty = true;
  private retry = 0;
  private retryTimer: unknown;
  private hints: HintsMessage | undefined;
  private lastDraft = '';
  private readonly onInput: Listener = () => this.sendDraft();

  get context(): WidgetContext | undefined {
    return this.contextValue;
  }

  /** The conversation so far; setting it re-checks the current draft. */
  set context(value: WidgetContext | undefined) {
    this.contextValue = value;
    this.contextDirty = true;
    this.sendDraft();
  }

  /** The latest hints received (for host pages and tests). */
  get lastHints(): HintsMessage | undefined {
    return this.hints;
  }

  connectedCallback(): void {
    if (!this.root) {
      const shadow = this.attachShadow({ mode: 'open' });
      shadow.innerHTML = `<style>${STYLE}</style><div class="bar"><span class="coach" hidden></span><span class="status"></span></div><div class="problems"></div><div class="suggestions"></div>`;
      this.root = shadow;
    }
    this.attach();
    this.connect();
  }

  disconnectedCallback(): void {
    this.detach();
    if (this.retryTimer !== undefined) g.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'widget removed');
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue || !this.root) return;
    if (name === 'for') {
      this.detach();
      this.attach();
    } else if (name === 'endpoint') {
      const socket = this.socket;
      this.socket = undefined;
      socket?.close(1000, 'endpoint changed');
      this.connect();
    } else {
      this.contextDirty = true;
      this.sendDraft();
    }
  }

  private attach(): void {
    const id = this.getAttribute('for');
    const el = id ? g.document?.getElementById(id) : null;
    this.textarea = (el ?? undefined) as DomTextArea | undefined;
    this.textarea?.addEventListener('input', this.onInput);
    if (!this.textarea) this.status(id ? `找不到输入框 #${id}` : '请设置 for 属性（输入框的 id）');
  }

  private detach(): void {
    this.textarea?.removeEventListener('input', this.onInput);
    this.textarea = undefined;
  }

  private status(text: string): void {
    const el = this.root?.querySelector('.status');
    if (el) el.textContent = text;
  }

  private connect(): void {
    if (!g.WebSocket || this.socket || !this.isConnected) return;
    const url = resolveEndpoint(this.getAttribute('endpoint'), g.location);
    let socket: DomWebSocket;
    try {
      socket = new g.WebSocket(url);
    } catch {
      this.status('无法连接助手服务');
      return;
    }
    this.socket = socket;
    this.status('连接中…');
    socket.onopen = () => {
      this.retry = 0;
      this.status('');
      this.contextDirty = true;
      this.sendDraft();
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (!this.isConnected) return;
      const delay = Math.min(30_000, 500 * 2 ** this.retry++);
      this.status(`连接断开，${Math.round(delay / 1000)} 秒后重连`);
      this.retryTimer = g.setTimeout(() => {
        this.retryTimer = undefined;
        this.connect();
      }, delay);
    };
    socket.onerror = () => this.status('助手服务连接出错');
  }

  private wireContext(): WidgetContext {
    const context: WidgetContext = { ...(this.contextValue ?? {}) };
    const channel = this.getAttribute('channel');
    const preset = this.getAttribute('preset');
    if (channel) context.channel = channel;
    if (preset) context.preset = preset;
    return context;
  }

  /** Send the textarea's current draft (every keystroke; the server skips superseded ones). */
  sendDraft(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== 1 || !this.textarea) return;
    const message: Record<string, unknown> = {
      type: 'draft',
      agentId: this.getAttribute('agent-id') ?? 'anonymous',
      seq: ++this.seq,
      draft: this.textarea.value,
    };
    this.lastDraft = this.textarea.value;
    if (this.contextDirty) {
      message['context'] = this.wireContext();
      this.contextDirty = false;
    }
    socket.send(JSON.stringify(message));
  }

  private receive(data: unknown): void {
    let message: { type?: string; seq?: number; message?: string };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'error') {
      this.status(message.message ?? '助手服务出错');
      return;
    }
    if (message.type !== 'hints' || typeof message.seq !== 'number' || message.seq < this.shownSeq) return;
    this.shownSeq = message.seq;
    this.hints = message as HintsMessage;
    this.render(this.hints);
    this.dispatchEvent(new g.CustomEvent('kefu-hints', { detail: message, bubbles: true, composed: true }));
  }

  private render(hints: HintsMessage): void {
    const root = this.root;
    const doc = g.document;
    if (!root || !doc) return;
    const current = hints.seq === this.seq;

    const coach = root.querySelector('.coach');
    if (coach) {
      coach.hidden = !hints.coach?.applicable || hints.coach.seconds === 0;
      coach.className = `coach ${hints.coach?.level ?? 'ok'}`;
      coach.textContent = hints.coach?.message ?? '';
      coach.title = sourceTitle(hints.coach?.source);
    }

    const problems = root.querySelector('.problems');
    if (problems) {
      const items = hints.problems.map((p) => {
        const li = doc.createElement('li');
        li.className = `problem ${p.severity}`;
        li.title = sourceTitle(p.source);
        li.innerHTML = `<span class="evidence">「${escapeHtml(p.text.length > 20 ? `${p.text.slice(0, 20)}…` : p.text)}」</span><span>${escapeHtml(p.message)}</span>`;
        if (p.replacement && current) {
          const button = doc.createElement('button');
          const text = p.replacement.text;
          button.textContent = text === '' ? '删除' : `改为「${text.length > 24 ? `${text.slice(0, 24)}…` : text}」`;
          button.addEventListener('click', (event: DomEvent) => {
            event.preventDefault();
            this.applyReplacement(p);
          });
          li.append(button);
        } else if (p.suggestion) {
          const why = doc.createElement('span');
          why.className = 'why';
          why.textContent = p.suggestion;
          li.append(why);
        }
        return li;
      });
      const list = doc.createElement('ul');
      list.replaceChildren(...items);
      problems.replaceChildren(...(items.length ? [list] : []));
    }

    const suggestions = root.querySelector('.suggestions');
    if (suggestions) {
      const items = hints.suggestions.map((s) => {
        const li = doc.createElement('li');
        li.className = 'suggestion';
        li.title = `${s.reason}\n${sourceTitle(s.source)}`;
        li.innerHTML = `<span>${escapeHtml(s.script)}</span><span class="why">${escapeHtml(s.situation)}</span>`;
        const button = doc.createElement('button');
        button.textContent = '使用';
        button.addEventListener('click', (event: DomEvent) => {
          event.preventDefault();
          this.insertScript(s.script);
        });
        li.append(button);
        return li;
      });
      const parts: DomElement[] = [];
      if (items.length) {
        const h = doc.createElement('h4');
        h.textContent = '推荐话术';
        const list = doc.createElement('ul');
        list.replaceChildren(...items);
        parts.push(h, list);
      }
      suggestions.replaceChildren(...parts);
    }
  }

  /** Apply a problem's replacement if the draft still has the same text at that span. */
  applyReplacement(problem: Problem): boolean {
    const ta = this.textarea;
    const r = problem.replacement;
    // Only while the draft is the one these hints were computed for (offsets would drift).
    if (!ta || !r || ta.value !== this.lastDraft || this.hints?.seq !== this.seq || r.end > ta.value.length) return false;
    ta.setRangeText(r.text, r.start, r.end, 'end');
    ta.focus();
    ta.dispatchEvent(new g.Event('input', { bubbles: true }));
    this.dispatchEvent(new g.CustomEvent('kefu-apply', { detail: { kind: 'replacement', text: r.text, ruleId: problem.ruleId }, bubbles: true, composed: true }));
    return true;
  }

  /** Insert a script at the cursor (replacing the selection). */
  insertScript(script: string): void {
    const ta = this.textarea;
    if (!ta) return;
    ta.setRangeText(script, ta.selectionStart ?? ta.value.length, ta.selectionEnd ?? ta.value.length, 'end');
    ta.focus();
    ta.dispatchEvent(new g.Event('input', { bubbles: true }));
    this.dispatchEvent(new g.CustomEvent('kefu-apply', { detail: { kind: 'script', text: script }, bubbles: true, composed: true }));
  }
}

/** Register the element (idempotent; a no-op outside browsers). */
export function defineKefuAssist(name = 'kefu-assist'): void {
  if (g.customElements && !g.customElements.get(name)) g.customElements.define(name, KefuAssistElement);
}

defineKefuAssist();

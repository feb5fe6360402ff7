/**
 * In-process webhook dispatcher: polls due deliveries, POSTs each with
 * `X-Kefu-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`, `X-Kefu-Event` and
 * `X-Kefu-Delivery`, and retries failures with exponential backoff (base × 2^attempt, capped),
 * giving up after `maxAttempts`.
 */
import { createHmac } from 'node:crypto';
import type { Store } from '../store/index.js';
import type { Delivery } from '../store/webhooks.js';

export function signPayload(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

export interface DispatcherOptions {
  intervalMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  log?: (msg: string) => void;
}

export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** attempt);
}

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private readonly o: Required<Omit<DispatcherOptions, 'fetch' | 'log'>> & Pick<DispatcherOptions, 'fetch' | 'log'>;

  constructor(
    private readonly store: Store,
    options: DispatcherOptions = {},
  ) {
    this.o = { intervalMs: 1000, baseDelayMs: 5000, maxDelayMs: 3600_000, maxAttempts: 10, timeoutMs: 10_000, ...options };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs);
    this.timer.unref();
  }

  /** One pass over due deliveries (tests call it directly). */
  tick(): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = this.run().finally(() => (this.busy = null));
    return this.busy;
  }

  private async run(): Promise<void> {
    let due: Delivery[];
    try {
      due = await this.store.webhooks.claimDue(50, this.o.timeoutMs * 3);
    } catch (err) {
      this.o.log?.(`webhooks: ${(err as Error).message}`);
      return;
    }
    await Promise.all(due.map((d) => this.deliver(d)));
  }

  private async deliver(d: Delivery): Promise<void> {
    const doFetch = this.o.fetch ?? fetch;
    let status: number | null = null;
    let error = '';
    try {
      const res = await doFetch(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kefu-event': d.event, 'x-kefu-delivery': d.id, 'x-kefu-signature': signPayload(d.secret, d.payload), 'user-agent': 'kefu-webhooks/1' },
        body: d.payload,
        signal: AbortSignal.timeout(this.o.timeoutMs),
        redirect: 'manual',
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        await this.store.webhooks.delivered(d.id, res.status);
        return;
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    const attempt = d.attempts + 1;
    const next = attempt >= this.o.maxAttempts ? null : new Date(Date.now() + backoffMs(d.attempts, this.o.baseDelayMs, this.o.maxDelayMs));
    await this.store.webhooks.failed(d.id, status, error, next).catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.busy) await this.busy;
  }
}

import { existsSync, readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistRoutes } from '../../src/assist/http.js';
import { resolveEndpoint } from '../../src/assist/widget/kefu-assist.js';
import { fullAssistant } from './helpers.js';

describe('<kefu-assist> outside a browser', () => {
  it('imports harmlessly in Node and resolves endpoints', () => {
    expect(resolveEndpoint(null, { protocol: 'https:', host: 'desk.example.com' })).toBe('wss://desk.example.com/assist');
    expect(resolveEndpoint('/api/assist', { protocol: 'http:', host: '127.0.0.1:3000' })).toBe('ws://127.0.0.1:3000/api/assist');
    expect(resolveEndpoint('https://kefu.example.com/assist', undefined)).toBe('wss://kefu.example.com/assist');
    expect(resolveEndpoint('ws://h:1/assist', undefined)).toBe('ws://h:1/assist');
  });
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM)('<kefu-assist> in Chromium', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    const source = readFileSync(new URL('../../src/assist/widget/kefu-assist.ts', import.meta.url), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    app = Fastify();
    await app.register(assistRoutes, { assistant: await fullAssistant() });
    app.get('/kefu-assist.js', (_req, reply) => reply.type('text/javascript').send(js));
    app.get('/', (_req, reply) =>
      reply.type('text/html').send(`<!doctype html><meta charset="utf-8"><textarea id="reply"></textarea>
<kefu-assist for="reply" endpoint="/assist" agent-id="a-1"></kefu-assist>
<script type="module">
  import '/kefu-assist.js';
  const el = document.querySelector('kefu-assist');
  el.context = { channel: 'chat', turns: [{ role: 'customer', text: '谢谢你啊，服务真好', ts: new Date().toISOString() }] };
  window.hints = [];
  el.addEventListener('kefu-hints', (e) => window.hints.push(e.detail));
</script>`),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows hints under the textarea and applies a replacement in one click', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(base);
      await page.waitForFunction(() => document.querySelector('kefu-assist')?.shadowRoot?.querySelector('.status')?.textContent === '');
      await page.locator('#reply').pressSequentially('小意思啦', { delay: 20 });
      await page.waitForFunction(() => (window as any).hints.some((h: any) => h.problems.length > 0 && h.seq === (window as any).hints.at(-1).seq));
      const problem = page.locator('kefu-assist li.problem').first();
      await expect.poll(() => problem.textContent()).toContain('小意思');
      await expect.poll(() => page.locator('kefu-assist li.suggestion').first().textContent()).toContain('请不必客气');
      await problem.locator('button').click();
      await expect.poll(() => page.locator('#reply').inputValue()).toBe('请不必客气。');
      await expect.poll(() => page.locator('kefu-assist li.problem').count()).toBe(0);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

/**
 * The web UI end to end, in Debian's Chromium against the real server (buildServer) on 127.0.0.1
 * with a temporary SQLite database: sign in → import a file → results appear → open the worst
 * conversation → confirm a finding → appeal it → decide → final judgement (终审); per-record import
 * errors; overview drill-down; rule-set dry-run; a forbidden phrase typed in the assist playground
 * shows its hint; the SLA clock counts down and changes colour. Screenshots at 1280 px and 375 px
 * go to test-results/e2e/ for a person to look at.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type RoutePlugin } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/index.js';
import { hashPassword } from '../../src/security/passwords.js';
import { assistRoutes } from '../../src/assist/http.js';
import { ensureWebBuilt, launch, ROOT, shot, skipReason, VIEWPORTS, WEB_DIST, watchErrors } from './browser.js';

const reason = skipReason();
if (reason) console.warn(`[e2e] skipping the web UI tests: ${reason}`);

const USER = 'qa-admin';
const PASSWORD = 'Kefu-e2e-Passw0rd!';

const assistPlugin: RoutePlugin = async (app) => {
  await app.register(assistRoutes, {});
};

describe.skipIf(reason !== undefined)('web UI in Chromium', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let pageErrors: string[];

  beforeAll(async () => {
    await ensureWebBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-e2e-'));
    store = await openStore({ location: path.join(dir, 'kefu.db') });
    await store.auth.createUser({ tenantId: 'e2e', username: USER, role: 'admin', displayName: '质检管理员', passwordHash: await hashPassword(PASSWORD) });
    app = await buildServer({ store, webDir: WEB_DIST, webhooks: false, security: { secureCookies: false }, plugins: [assistPlugin] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no port');
    base = `http://127.0.0.1:${address.port}/`;
    browser = await launch();
    context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'zh-CN' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    pageErrors = watchErrors(page);
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `failed-${ctx.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff]+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a login, then shows the empty overview', async () => {
    await page.goto(base);
    await page.getByRole('heading', { name: /Kefu/ }).waitFor();
    await shot(page, 'login-1280');
    await page.getByLabel('用户名').fill(USER);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '质检概览' }).waitFor();
    await page.getByText('所选范围内还没有会话').waitFor();
    await expect.poll(() => page.locator('.user-box').textContent()).toContain('质检管理员');
  });

  it('imports a file and shows progress, then the results', async () => {
    await page.goto(base + '#/imports');
    await page.getByRole('heading', { name: '导入会话' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(path.join(ROOT, 'examples', 'ecommerce-chats.jsonl'));
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByRole('heading', { name: /导入 ecommerce-chats\.jsonl/ }).waitFor();
    await page.locator('.tag-import-done').waitFor({ timeout: 30_000 });
    const accepted = Number(await page.locator('.import-accepted').textContent());
    const lines = readFileSync(path.join(ROOT, 'examples', 'ecommerce-chats.jsonl'), 'utf8').trim().split('\n').length;
    expect(accepted).toBe(lines);
    await shot(page, 'import-done-1280');
  });

  it('lists each rejected record with its line, field and reason', async () => {
    await page.goto(base + '#/imports');
    const good = { id: 'e2e-ok-1', channel: 'chat', agentId: 'kf-900', turns: [{ role: 'customer', text: '在吗' }, { role: 'agent', text: '您好，请问有什么可以帮您？' }] };
    const bad = { id: 'e2e-bad-1', channel: 'chat', turns: [{ role: 'boss', text: '你好' }] };
    const file = [JSON.stringify(good), JSON.stringify(bad), '{not json'].join('\n') + '\n';
    await page.locator('input[type=file]').setInputFiles({ name: 'mixed.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.locator('.tag-import-done').waitFor({ timeout: 30_000 });
    const rows = page.locator('.record-errors tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.nth(0).textContent()).toContain('2');
    await expect.poll(() => rows.nth(1).textContent()).toContain('3');
    await shot(page, 'import-errors-1280');
  });

  it('opens the worst conversation with evidence highlighted in place', async () => {
    await page.getByRole('link', { name: '查看最低分会话' }).click();
    await page.getByRole('heading', { name: '复核队列' }).waitFor();
    const first = page.locator('.conversation-link').first();
    await first.waitFor();
    await shot(page, 'review-queue-1280');
    const id = await first.textContent();
    await first.click();
    await page.getByRole('heading', { name: `会话 ${id}` }).waitFor();
    const mark = page.locator('mark.evidence').first();
    await mark.waitFor();
    await mark.focus();
    await page.locator('.evidence-tip').first().waitFor({ state: 'visible' });
    await shot(page, 'conversation-1280');
  });

  it('confirms a finding, then the agent appeals and the appeal is decided and closed (终审)', async () => {
    const finding = page.locator('li.finding').first();
    const findingId = await finding.getAttribute('data-finding-id');
    const item = page.locator(`li.finding[data-finding-id="${findingId}"]`);
    await item.getByRole('button', { name: '填写复核意见' }).click();
    await item.getByLabel(/复核意见/).fill('确属服务禁语');
    await item.getByRole('button', { name: '确认', exact: true }).click();
    await expect.poll(() => item.locator('.tag-status-confirmed').textContent()).toBe('已确认');
    await expect.poll(() => item.textContent()).toContain('确属服务禁语');

    await item.getByRole('button', { name: '申诉', exact: true }).click();
    await item.getByLabel('申诉理由').fill('客户已表示理解，语气并无不当');
    await item.getByRole('button', { name: '提交申诉' }).click();
    await expect.poll(() => item.locator('.appeal').textContent()).toContain('待处理');

    await item.getByLabel(/处理意见/).fill('录音显示确有禁语');
    await item.getByRole('button', { name: '驳回申诉' }).click();
    await expect.poll(() => item.locator('.appeal').textContent()).toContain('复核驳回');

    await item.getByLabel(/终审意见/).fill('维持原判');
    await item.getByRole('button', { name: '终审驳回' }).click();
    await expect.poll(() => item.locator('.appeal').textContent()).toContain('终审驳回');
    await expect.poll(() => item.textContent()).toContain('已终审结案');
    await expect.poll(() => page.locator('.history li').count()).not.toBe(0);
    await shot(page, 'conversation-closed-1280');
  });

  it('adds a manual score item and the score is recomputed', async () => {
    await page.goto(base + '#/review?mode=worst');
    await page.locator('.conversation-link').nth(1).click();
    const score = page.locator('#score-title .score-badge');
    await score.waitFor();
    const before = parseFloat((await score.textContent()) ?? '');
    await page.getByText('添加人工评分项').click();
    await page.getByLabel(/分值/).fill('-2');
    await page.getByLabel('理由').fill('未核实客户身份');
    await page.getByRole('button', { name: '添加评分项' }).click();
    await expect.poll(() => page.locator('.manual-items').textContent()).toContain('未核实客户身份');
    await expect.poll(async () => parseFloat((await score.textContent()) ?? '')).toBeLessThan(before);
  });

  it('drills down from the overview charts to the conversations behind them', async () => {
    await page.goto(base + '#/');
    await page.locator('.kpi-row').waitFor();
    await expect.poll(() => page.locator('canvas').count()).toBe(4);
    await page.waitForTimeout(500); // chart animation
    await shot(page, 'overview-1280');
    const rulesChart = page.locator('figure', { hasText: '高频违规规则' });
    await rulesChart.getByText('数据明细').click();
    const link = rulesChart.locator('table a').first();
    const ruleLabel = (await link.textContent()) ?? '';
    await link.click();
    await page.getByRole('heading', { name: '会话' }).waitFor();
    await expect.poll(() => page.locator('.chips').textContent()).toContain('规则');
    await page.locator('.conversation-link').first().waitFor({ state: 'visible' });
    expect(ruleLabel).not.toBe('');
    await shot(page, 'drilldown-1280');
  });

  it('edits a rule-set draft, dry-runs it and sees the score impact before publishing', async () => {
    await page.goto(base + '#/rule-sets');
    await page.getByLabel('名称').fill('售后标准（测试）');
    await page.getByLabel('基于预设').selectOption({ index: 1 });
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByRole('heading', { name: /规则集 售后标准/ }).waitFor();
    const publish = page.getByRole('button', { name: '发布' });
    await expect.poll(() => publish.isDisabled()).toBe(true);
    const firstRule = page.locator('.severity-row').first();
    await firstRule.getByRole('radio', { name: '关' }).check();
    await expect.poll(() => page.locator('textarea.code').inputValue()).toContain('off');
    await page.getByRole('button', { name: '试运行' }).click();
    await page.getByRole('heading', { name: /试运行结果/ }).waitFor();
    await expect.poll(() => publish.isEnabled()).toBe(true);
    await shot(page, 'ruleset-dry-run-1280');
  });

  it('writes a declarative rule in the form, adds it to the draft and the server validates it', async () => {
    await page.goto(base + '#/rules/new');
    await page.getByLabel('规则 id').fill('org/no-self-check');
    await page.getByLabel('规则说明').fill('禁止让客户“自己去问”');
    await page.getByRole('textbox', { name: /^关键词（每行一个/ }).fill('你自己问|自己去问');
    await page.getByLabel('违规提示').fill('不能让客户自己去问，应主动帮客户查询');
    await page.getByLabel('规范文件').fill('001-服务规范.md');
    await page.getByLabel('规范原文').fill('不可推诿');
    await expect.poll(() => page.locator('.spec-preview pre').textContent()).toContain('"any"');
    await expect.poll(() => page.locator('.problems').count()).toBe(0);
    await page.getByLabel('加入规则集草稿').selectOption({ label: '售后标准（测试） v1' });
    await page.getByRole('button', { name: '加入并打开草稿' }).click();
    await page.getByRole('heading', { name: /规则集 售后标准/ }).waitFor();
    await expect.poll(() => page.locator('textarea.code').inputValue()).toContain('org/no-self-check');
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => page.locator('.note-ok').textContent()).toContain('校验通过');
  });

  it('shows the rule library with seed citations', async () => {
    await page.goto(base + '#/rules');
    await page.locator('.rule-card').first().waitFor();
    await page.locator('.citation').first().waitFor({ state: 'visible' });
    await shot(page, 'rules-1280');
  });

  it('shows a hint as a forbidden phrase is typed in the assist playground', async () => {
    await page.goto(base + '#/assist');
    await page.getByRole('button', { name: '查询物流' }).click();
    await page.getByLabel('客服回复（草稿）').pressSequentially('这个我们也不知道呢', { delay: 30 });
    const hint = page.locator('.hint').first();
    await hint.waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('.hints').textContent()).toContain('不知道');
    await expect.poll(() => page.locator('.draft-preview mark').count()).toBe(1);
    await shot(page, 'assist-1280');
    const replace = page.locator('.hint button').first();
    if (await replace.count()) {
      await replace.click();
      await expect.poll(() => page.getByLabel('客服回复（草稿）').inputValue()).not.toBe('这个我们也不知道呢');
    }
  });

  it('counts the SLA clock down and changes its colour as the deadline nears', async () => {
    await page.goto(base + '#/dev/components');
    const clock = page.locator('[data-sample="short"] .sla-clock');
    await clock.waitFor();
    const first = await clock.getAttribute('data-level');
    const text = await clock.locator('.sla-time').textContent();
    expect(first).toBe('ok');
    await expect.poll(() => clock.getAttribute('data-level'), { timeout: 10_000 }).toBe('warn');
    const colourWarn = await clock.evaluate((el) => getComputedStyle(el).backgroundColor);
    await expect.poll(() => clock.getAttribute('data-level'), { timeout: 10_000 }).toBe('breached');
    const colourBreached = await clock.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colourBreached).not.toBe(colourWarn);
    expect(await clock.locator('.sla-time').textContent()).not.toBe(text);
    await shot(page, 'components-1280');
  });

  it('says plainly that tickets arrive in a later release', async () => {
    await page.goto(base + '#/tickets');
    await page.getByText('工单 · 即将推出').waitFor();
  });

  it('fits a 375 px phone screen without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'zh-CN', storageState: await context.storageState() });
    const p = await phone.newPage();
    const errors = watchErrors(p);
    const { items } = (await (await p.request.get(base + 'review-queue?mode=worst&limit=1')).json()) as { items: { id: string }[] };
    const routes: [string, string][] = [
      ['overview', '#/'],
      ['review-queue', '#/review'],
      ['conversation', `#/conversations/${encodeURIComponent(items[0]!.id)}`],
      ['import', '#/imports'],
      ['rules', '#/rules'],
      ['declarative', '#/rules/new'],
      ['assist', '#/assist'],
      ['components', '#/dev/components'],
    ];
    for (const [name, hash] of routes) {
      await p.goto(base + hash);
      await p.locator('main h1').first().waitFor();
      await p.waitForLoadState('networkidle');
      await p.waitForTimeout(300);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      await shot(p, `${name}-375`);
      if (name === 'conversation') {
        await p.locator('mark.evidence').first().focus();
        await p.locator('.evidence-tip').first().waitFor({ state: 'visible' });
        await shot(p, 'conversation-tip-375', { fullPage: false });
      }
    }
    await p.getByRole('button', { name: '菜单' }).click();
    await p.getByRole('navigation', { name: '主导航' }).waitFor({ state: 'visible' });
    await shot(p, 'menu-375');
    await p.keyboard.press('Escape');
    await p.getByRole('navigation', { name: '主导航' }).waitFor({ state: 'hidden' });
    await phone.close();
    expect(errors).toEqual([]);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

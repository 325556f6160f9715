/**
 * Hostile content renders inert: `<script>`, `<img onerror>`, `javascript:` links, right-to-left overrides
 * and a 10,000-character line — in post titles and texts (written through the API and imported from a
 * plan CSV), comments, segment and campaign names, inbox messages and customer names — shown on the
 * calendar, the post drawer, the approvals queue, the settings lists, the audit log and the inbox. The
 * test fails if any script runs (a counter the payloads would bump, a dialog, a page error) or any
 * `javascript:` link reaches the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../prisma/seed/demo';
import { type BrowserHarness, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { signIn } from '../support/factories';
import { buildConversation } from '../support/inbox-factory';
import { logIn, newPage } from '../support/planner-browser';

const BUMP = 'window.__xss=(window.__xss||0)+1';
const IMG = `<img src=x onerror="${BUMP}">`;
const SCRIPT = `<script>${BUMP}</script>`;
const SVG = `<svg onload="${BUMP}"></svg>`;
const JS_LINK = `javascript:${BUMP}`;
const RTL = '\u202Egnp.exe\u202C';
const LONG = '가'.repeat(10_000);
const HOSTILE = `${IMG} ${SCRIPT} ${SVG} ${JS_LINK} ${RTL}`;

let h: BrowserHarness;
let ws = '';

describe.skipIf(!hasChromium)('hostile content', () => {
  beforeAll(async () => {
    h = await startBrowserHarness({ realtime: true });
    const db = h.ctx.deps.prisma;
    const workspace = await db.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } });
    ws = workspace.id;
    const api = `/api/workspaces/${ws}`;
    const planner = await signIn(h.ctx, 'planner@demo.sotong.dev', DEMO_PASSWORD);
    const admin = await signIn(h.ctx, 'admin@demo.sotong.dev', DEMO_PASSWORD);
    const channels = (await planner.get(`${api}/channels`)).body.channels as Array<{ id: string; provider: string; name: string }>;
    const facebook = channels.find((c) => c.provider === 'facebook_page') ?? (channels[0] as { id: string; name: string });
    expect((await admin.post(`${api}/segments`, { name: `Seg ${IMG}`, color: '#aa3355', description: SCRIPT })).status).toBe(201);
    expect((await admin.post(`${api}/campaigns`, { name: `Camp ${SVG}`, color: '#3355aa', goal: HOSTILE })).status).toBe(201);
    const at = new Date(Date.now() + 2 * 86_400_000);
    at.setUTCHours(3, 0, 0, 0);
    const created = await planner.post(`${api}/posts`, {
      title: `Title ${IMG} ${RTL}`,
      brief: HOSTILE,
      labels: ['<b>label</b>'],
      variants: [
        { channelAccountId: facebook.id, text: `${HOSTILE} ${LONG}`, scheduledAt: at.toISOString(), link: 'https://example.com/?q=<script>' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const postId = created.body.id as string;
    // Comments hold at most 5,000 characters: a 10,000-character one is refused with a clear 400, the longest allowed is kept.
    expect((await planner.post(`${api}/posts/${postId}/comments`, { body: `${HOSTILE} ${LONG}` })).status).toBe(400);
    expect((await planner.post(`${api}/posts/${postId}/comments`, { body: `${HOSTILE} ${LONG.slice(0, 4_000)}` })).status).toBe(201);
    expect((await planner.post(`${api}/posts/${postId}/transitions`, { to: 'in_review' })).status).toBe(200);
    // The same payloads through a plan CSV import.
    const csv = `title,channel,scheduled_at,text\n"CSV ${IMG.replaceAll('"', '""')}",${facebook.name},${at.toISOString()},"${SCRIPT} ${JS_LINK}"\n`;
    const imported = await planner.agent
      .post(`${api}/plan/import?mode=commit`)
      .set('x-csrf-token', planner.csrf)
      .set('content-type', 'text/csv')
      .send(csv);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    await buildConversation(db, {
      workspaceId: ws,
      channelAccountId: facebook.id,
      customerName: `Customer ${IMG}`,
      customerHandle: SVG,
      category: 'complaint',
      sentiment: 'negative',
      messages: [{ text: `${HOSTILE} ${LONG}`, authorName: `Customer ${IMG}` }],
    });
  }, 120_000);
  afterAll(async () => h?.close());

  it('renders every hostile string as text on every screen that shows it: no script runs, no javascript: link', async () => {
    const { context, page, errors } = await newPage(h, 'en');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await logIn(h, page, 'admin@demo.sotong.dev', 'en');
      const base = `${h.url}/w/${ws}`;
      const check = async (label: string) => {
        await page.waitForTimeout(300);
        const state = await page.evaluate(() => {
          const g = globalThis as unknown as {
            __xss?: number;
            document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> };
          };
          const links = Array.from(g.document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href') ?? '');
          return { xss: g.__xss ?? 0, jsLinks: links.filter((href) => /^\s*javascript:/i.test(href)) };
        });
        expect(state, label).toEqual({ xss: 0, jsLinks: [] });
      };
      // Calendar (list view: the busy demo month folds days into "+N more"): events show their first words; the drawer everything.
      await screenshot(page, 'hostile-calendar-month');
      await check('calendar month');
      await page.getByText('List', { exact: true }).click();
      const event = page
        .locator('[data-variant-id]')
        .filter({ hasText: /Title <img/ })
        .first();
      await event.waitFor();
      await check('calendar list');
      await screenshot(page, 'hostile-calendar');
      await event.click();
      await page.getByRole('dialog').first().waitFor();
      await check('post drawer');
      await screenshot(page, 'hostile-drawer');
      await page.keyboard.press('Escape');
      for (const [path, text] of [
        ['/approvals', /Title <img/],
        ['/settings/segments', /Seg <img/],
        ['/settings/campaigns', /Camp <svg/],
        ['/settings/audit', /Seg <img/],
        ['/inbox', /Customer <img/],
      ] as const) {
        await page.goto(`${base}${path}`);
        await page.waitForLoadState('networkidle');
        if (path === '/approvals') await page.getByRole('tab', { name: /All in review/ }).click();
        if (path === '/settings/audit') {
          const row = page.getByRole('row').filter({ hasText: 'Segment created' }).first();
          await row.getByText('Before / after').click();
        }
        await screenshot(page, `hostile${path.replaceAll('/', '-')}`);
        await page.getByText(text).first().waitFor({ timeout: 20_000 });
        await check(path);
      }
      // The inbox thread with the 10,000-character message.
      await page
        .locator('[data-conversation-id]')
        .filter({ hasText: /Customer <img/ })
        .first()
        .getByRole('button')
        .first()
        .click();
      await page
        .getByText(/<script>window/)
        .nth(1)
        .waitFor({ timeout: 20_000 });
      await check('inbox thread');
      await screenshot(page, 'hostile-inbox-thread');
      // A long unbroken line wraps instead of pushing the page sideways.
      const overflow = await page.evaluate(() => {
        const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } };
        return g.document.documentElement.scrollWidth - g.document.documentElement.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(1);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../server/src/modules/plan-csv/plan-times';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { seedListeningHistory } from '../support/listening-seed';
import { logIn, newPage } from '../support/planner-browser';

/**
 * The Listening tab of the reports page and the morning digest page in Chromium, on the demo workspace
 * with three weeks of seeded customer conversations: charts drawn, tables sortable, Korean and English,
 * axe clean; screenshots in test-results/.
 */
let h: BrowserHarness;
let workspaceId: string;

beforeAll(async () => {
  if (!hasChromium) return;
  h = await startBrowserHarness();
  const db = h.ctx.deps.prisma;
  workspaceId = (await db.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } })).id;
  const channels = await db.channelAccount.findMany({ where: { workspaceId }, select: { id: true } });
  const responders = await db.user.findMany({ where: { email: { in: ['cm@demo.sotong.dev', 'admin@demo.sotong.dev'] } }, select: { id: true } });
  await seedListeningHistory(db, {
    workspaceId,
    today: todayIn('Asia/Seoul'),
    timeZone: 'Asia/Seoul',
    channelIds: channels.map((c) => c.id),
    responders: responders.map((r) => r.id),
  });
});
afterAll(async () => h?.close());

describe.skipIf(!hasChromium)('listening and the morning digest in Chromium', () => {
  it('an executive reads the Listening report in Korean: charts, themes, response times, escalations', async () => {
    const { page, context, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'exec@demo.sotong.dev', 'ko', { events: false });
      await page.goto(`${h.url}/w/${workspaceId}/reports?tab=listening`);
      await page.getByRole('tab', { name: '고객의 소리', selected: true }).waitFor();
      await page.getByText('첫 응답 시간 중앙값', { exact: true }).first().waitFor();
      await page.locator('.chart svg.recharts-surface').first().waitFor();
      expect(await page.locator('.chart svg.recharts-surface').count()).toBe(4);
      expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(40);
      await page.getByRole('heading', { name: '불만 메시지의 주요 키워드' }).waitFor();
      await page.getByRole('heading', { name: '담당자별' }).waitFor();
      const people = page.locator('.report-table').filter({ has: page.getByRole('heading', { name: '담당자별' }) });
      await people.getByRole('cell', { name: /최유나/ }).waitFor();
      const header = people.getByRole('columnheader', { name: /기한 내 응답률/ });
      await header.getByRole('button').click();
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
      await page.getByRole('heading', { name: '부서별 에스컬레이션' }).waitFor();
      await page.getByRole('heading', { name: '오래 기다리고 있는 에스컬레이션' }).waitFor();
      await expectAccessible(page, 'reports listening (ko)');
      await page.locator('.report-kpis').scrollIntoViewIfNeeded();
      await page.mouse.wheel(0, -5_000);
      await screenshot(page, 'reports-listening-ko');
      await page.getByRole('heading', { name: '부서별 에스컬레이션' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'reports-listening-lower-ko');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a planner reads it in English and narrows it to one channel', async () => {
    const { page, context, errors } = await newPage(h, 'en');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'en', { events: false });
      await page.goto(`${h.url}/w/${workspaceId}/reports?tab=listening`);
      await page.getByRole('tab', { name: 'Listening', selected: true }).waitFor();
      await page.getByRole('heading', { name: 'Messages per day by category' }).waitFor();
      await page.locator('.chart svg.recharts-surface').first().waitFor();
      expect(await page.locator('.chart svg.recharts-surface').count()).toBe(4);
      await page.getByText(/Deadlines: complaints and negative messages/).waitFor();
      const total = async () => Number(((await page.locator('.kpi').first().locator('.kpi-value').textContent()) ?? '').replace(/[^\d]/g, ''));
      const all = await total();
      expect(all).toBeGreaterThan(50);
      await page.getByLabel('Channel').selectOption({ label: '소통 커피 X' });
      await expect.poll(total).toBeLessThan(all);
      await expectAccessible(page, 'reports listening (en)');
      await screenshot(page, 'reports-listening-en');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

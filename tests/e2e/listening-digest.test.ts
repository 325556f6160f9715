import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from '../../server/src/lib/local-time';
import { sendInstant } from '../../server/src/modules/digest/digest-schedule';
import { ensureDigest } from '../../server/src/modules/digest/send-digest';
import { todayIn } from '../../server/src/modules/plan-csv/plan-times';
import { type BrowserHarness, checkedRightAfterClick, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
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
  // A week of morning digests up to today, composed the way the 08:30 job composes them.
  const today = todayIn('Asia/Seoul');
  for (let offset = -6; offset <= 0; offset++) {
    const day = Temporal.PlainDate.from(today).add({ days: offset }).toString();
    const due = sendInstant(day, '08:30', 'Asia/Seoul');
    await ensureDigest(h.ctx.deps, workspaceId, day, offset === 0 ? new Date(Math.min(Date.now(), due.getTime())) : new Date(due.getTime() + 60_000));
  }
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

  it('an executive reads today’s digest in Korean — unanswered negative messages first — and goes back through the history', async () => {
    const { page, context, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'exec@demo.sotong.dev', 'ko', { events: false });
      await page.getByRole('navigation').getByRole('link', { name: '아침 브리핑' }).click();
      await page.getByRole('heading', { name: '아침 브리핑', level: 1 }).waitFor();
      await page.getByText('오늘의 브리핑').waitFor();
      const quotes = page.locator('.digest-quote');
      await quotes.first().waitFor();
      expect(await quotes.count()).toBeGreaterThan(3);
      // The first quote is unanswered; unanswered negative ones come before any other.
      const flags = await quotes.evaluateAll((items) =>
        items.map((li) => ({
          urgent: li.classList.contains('is-urgent'),
          unanswered: /미응답/.test(li.querySelector('.digest-flags')?.textContent ?? ''),
        })),
      );
      expect(flags[0]?.unanswered).toBe(true);
      const lastUrgent = flags.map((f) => f.urgent).lastIndexOf(true);
      expect(flags.slice(0, lastUrgent + 1).every((f) => f.urgent)).toBe(true);
      const sections = await page.locator('.digest-section h3').allTextContents();
      expect(sections.map((s) => s.replace(/\s*\(.*\)$/, ''))).toEqual(['고객이 한 말', '에스컬레이션', '어제 게시물', '어제의 게시 주기']);
      await page.getByText(/게시물 \d+건 · 참여율 중앙값/).waitFor();
      const history = page.getByRole('complementary').locator('.digest-history-item');
      expect(await history.count()).toBe(7);
      await expect.poll(() => history.first().getAttribute('aria-current')).toBe('true');
      await expectAccessible(page, 'digest (ko)');
      await screenshot(page, 'digest-today-ko');
      await page.getByRole('heading', { name: /어제 게시물/ }).scrollIntoViewIfNeeded();
      await screenshot(page, 'digest-posts-ko');

      await history.nth(3).click();
      await page.getByText('지난 브리핑', { exact: true }).first().waitFor();
      await expect.poll(() => history.nth(3).getAttribute('aria-current')).toBe('true');
      expect(page.url()).toContain('d=');
      // The subscription is on for an executive by default; switching it off is remembered.
      const toggle = page.getByRole('checkbox', { name: '매일 아침 이 브리핑을 메일로 받기' });
      expect(await toggle.isChecked()).toBe(true);
      // It flips in the same event: a save in flight must not put the box back, not even for a moment.
      expect(await checkedRightAfterClick(toggle)).toBe(false);
      expect(await toggle.isChecked()).toBe(false);
      await page.getByText('이제 브리핑 메일을 보내지 않습니다.').waitFor();
      const exec = await h.ctx.deps.prisma.user.findFirstOrThrow({ where: { email: 'exec@demo.sotong.dev' }, select: { id: true } });
      await expect
        .poll(async () => (await h.ctx.deps.prisma.digestSubscription.findFirst({ where: { workspaceId, userId: exec.id } }))?.subscribed)
        .toBe(false);

      // The e-mail version, as it was sent.
      const id = new URL(page.url()).searchParams.get('d');
      await page.goto(`${h.url}/api/workspaces/${workspaceId}/digests/${id}/email?locale=ko`);
      await page.getByRole('heading', { name: /아침 브리핑 —/ }).waitFor();
      await screenshot(page, 'digest-email-ko');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an admin reads it in English and moves the send time in Settings', async () => {
    const { page, context, errors } = await newPage(h, 'en');
    try {
      await logIn(h, page, 'admin@demo.sotong.dev', 'en', { events: false });
      await page.goto(`${h.url}/w/${workspaceId}/digest`);
      await page.getByRole('heading', { name: 'What customers said' }).waitFor();
      await page.getByText('Today’s digest').waitFor();
      await page.locator('.digest-quote').first().waitFor();
      await expectAccessible(page, 'digest (en)');
      await screenshot(page, 'digest-today-en');
      await page.getByRole('link', { name: 'Change the time and other settings' }).click();
      await page.getByRole('heading', { name: 'When it goes out' }).waitFor();
      const time = page.getByLabel('Send at');
      expect(await time.inputValue()).toBe('08:30');
      await time.fill('07:45');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Digest settings saved.').waitFor();
      await expect.poll(async () => (await h.ctx.deps.prisma.digestSettings.findUnique({ where: { workspaceId } }))?.sendTime).toBe('07:45');
      await page.getByText(/Next digest: .*7:45/).waitFor();
      await expectAccessible(page, 'digest settings (en)');
      await screenshot(page, 'digest-settings-en');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

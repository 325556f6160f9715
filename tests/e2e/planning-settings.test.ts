import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../prisma/seed/demo';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

type Lang = 'ko' | 'en';

/** A fresh browser context, logged in, on `/w/:id/settings/<tab>`. */
async function open(email: string, lang: Lang, tab: string) {
  const context = await h.browser.newContext({ locale: lang === 'ko' ? 'ko-KR' : 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${h.url}/login`);
  await page.getByLabel(lang === 'ko' ? '이메일' : 'Email').fill(email);
  await page.getByLabel(lang === 'ko' ? '비밀번호' : 'Password').fill(DEMO_PASSWORD);
  await page.getByLabel(lang === 'ko' ? '비밀번호' : 'Password').press('Enter');
  await page.waitForURL(/\/w\/[0-9a-f-]+\//);
  await goTab(page, tab);
  return { context, page, errors };
}

async function goTab(page: Page, tab: string) {
  const base = page.url().match(/^(.*\/w\/[0-9a-f-]+)\//)?.[1];
  await page.goto(`${base}/settings/${tab}`);
  await page.getByRole('main').getByRole('heading', { level: 2 }).first().waitFor();
}

function csv(rows: string[][]): Buffer {
  return Buffer.from(`${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`, 'utf8');
}

function seoulDay(offset: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offset * 86_400_000),
  );
}

describe.skipIf(!hasChromium)('planning settings in Chromium', () => {
  it('every planning tab passes axe in Korean and English', async () => {
    for (const lang of ['ko', 'en'] as const) {
      const { context, page, errors } = await open('admin@demo.sotong.dev', lang, 'channels');
      try {
        const tabs = lang === 'ko' ? ['채널', '세그먼트', '캠페인', '가져오기·내보내기'] : ['Channels', 'Segments', 'Campaigns', 'Import / export'];
        const nav = page.getByRole('navigation', { name: lang === 'ko' ? '설정 메뉴' : 'Settings sections' });
        for (const name of tabs) {
          const link = nav.getByRole('link', { name, exact: true });
          await link.click();
          await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
          await page.getByRole('main').getByRole('table').or(page.getByRole('main').getByRole('button').first()).first().waitFor();
          await expectAccessible(page, `${name} (${lang})`);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('a planner creates a segment in Korean and archives an in-use one instead of deleting it', async () => {
    const { context, page, errors } = await open('planner@demo.sotong.dev', 'ko', 'segments');
    try {
      await page.getByRole('cell', { name: '서울 20대', exact: true }).waitFor();
      await page.getByRole('button', { name: '새 세그먼트' }).click();
      const dialog = page.getByRole('dialog', { name: '새 세그먼트 만들기' });
      await dialog.getByLabel('세그먼트 이름').fill('제주 여행객');
      await dialog.getByLabel('색상 코드 (예: #3B82F6)').fill('#0E9F6E');
      await dialog.getByRole('button', { name: '지역 추가' }).click();
      await dialog.getByLabel('1번째 지역의 국가').selectOption('KR');
      await dialog.getByLabel('1번째 지역의 시·도').fill('제주특별자치도');
      await dialog.getByLabel('최소 연령').fill('25');
      await dialog.getByLabel('최대 연령').fill('44');
      await dialog.getByLabel('여성').check();
      await dialog.getByLabel(/한국어/).check();
      await dialog.getByLabel('관심사').fill('여행, 카페 투어');
      await expectAccessible(page, 'segment dialog (ko)');
      await dialog.getByRole('button', { name: '세그먼트 만들기' }).click();
      await page.getByRole('cell', { name: '제주 여행객', exact: true }).waitFor();
      await expect(
        page
          .getByRole('row', { name: /제주 여행객/ })
          .getByText('25–44세')
          .count(),
      ).resolves.toBe(1);
      const created = await h.ctx.deps.prisma.segment.findFirst({ where: { name: '제주 여행객' } });
      expect(created).toMatchObject({
        color: '#0E9F6E',
        ageMin: 25,
        ageMax: 44,
        genders: ['female'],
        locales: ['ko-KR'],
        interests: ['여행', '카페 투어'],
      });
      await screenshot(page, 'settings-segments-ko');

      await page.getByRole('button', { name: '삭제 서울 20대' }).click();
      const confirm = page.getByRole('dialog', { name: '세그먼트 삭제' });
      await confirm.getByRole('button', { name: '삭제' }).click();
      const inUse = page.getByRole('dialog', { name: '사용 중인 세그먼트' });
      await inUse.getByText(/게시물 \d+개에서 쓰고 있어/).waitFor();
      const titles = await inUse.getByRole('listitem').allTextContents();
      expect(titles.length).toBeGreaterThan(0);
      await expectAccessible(page, 'segment in use (ko)');
      await inUse.getByRole('button', { name: '대신 보관하기' }).click();
      await inUse.waitFor({ state: 'hidden' });
      await expect.poll(() => page.getByRole('cell', { name: /서울 20대/ }).count()).toBe(0);
      const archived = await h.ctx.deps.prisma.segment.findFirst({ where: { name: '서울 20대' } });
      expect(archived?.archivedAt).not.toBeNull();
      await page.getByLabel(/보관된 항목 보기/).check();
      await page
        .getByRole('row', { name: /서울 20대/ })
        .getByText('보관됨')
        .waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an admin sets Mon–Fri 09:00 posting times on 소통 커피 X and sees the next free slot', async () => {
    const { context, page, errors } = await open('admin@demo.sotong.dev', 'en', 'channels');
    try {
      await page.getByRole('cell', { name: /^소통 커피 X/ }).waitFor();
      await page.getByRole('heading', { name: 'Connect accounts' }).first().waitFor();
      await screenshot(page, 'settings-channels-en');
      const channel = await h.ctx.deps.prisma.channelAccount.findFirstOrThrow({ where: { name: '소통 커피 X' } });
      await h.ctx.deps.prisma.postingSlot.deleteMany({ where: { channelAccountId: channel.id } });

      await page.getByRole('button', { name: 'Posting times 소통 커피 X' }).click();
      const dialog = page.getByRole('dialog', { name: 'Posting times for “소통 커피 X”' });
      await dialog.getByText("No posting times yet, so there's no next free slot.").waitFor();
      await dialog.getByLabel('Time', { exact: true }).fill('09:00');
      await dialog.getByRole('button', { name: 'Select weekdays' }).click();
      await dialog.getByRole('button', { name: 'Add to selected days' }).click();
      await dialog.getByRole('button', { name: 'Remove 09:00 on Friday' }).waitFor();
      expect(await dialog.getByRole('button', { name: /Remove 09:00 on (Saturday|Sunday)/ }).count()).toBe(0);
      await expectAccessible(page, 'posting times (en)');
      await dialog.getByRole('button', { name: 'Save posting times' }).click();
      await dialog.getByText(/^Next free slot: .+\(Asia\/Seoul\)$/).waitFor();
      const slots = await h.ctx.deps.prisma.postingSlot.findMany({ where: { channelAccountId: channel.id } });
      expect(slots.map((s) => s.weekday).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a planner dry-runs a broken CSV, sees the problem by row, then imports a good one', async () => {
    const { context, page, errors } = await open('planner@demo.sotong.dev', 'ko', 'plan-tools');
    try {
      const when = `${seoulDay(9)} 10:00`;
      const header = ['post_key', 'title', 'channel', 'segment', 'campaign', 'scheduled_at', 'text'];
      const file = page.getByLabel('CSV 파일');
      await file.setInputFiles({
        name: 'broken.csv',
        mimeType: 'text/csv',
        buffer: csv([
          header,
          ['a', '라떼 소식', '소통 커피 X', '', '', when, '안녕하세요'],
          ['b', '없는 채널 글', '없는 채널', '', '', when, '본문'],
        ]),
      });
      await page.getByRole('button', { name: '파일 검사' }).click();
      const problems = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '열' }) });
      const row = problems.getByRole('row').filter({ hasText: '이 워크스페이스에 없는 채널입니다.' });
      await row.waitFor();
      expect(await row.getByRole('cell').first().textContent()).toBe('3');
      expect(await row.getByRole('cell').nth(1).textContent()).toBe('channel');
      expect(await page.getByRole('button', { name: /가져오기$/ }).count()).toBe(0);

      const before = await h.ctx.deps.prisma.post.count();
      await file.setInputFiles({
        name: 'good.csv',
        mimeType: 'text/csv',
        buffer: csv([
          header,
          ['a', 'CSV로 온 라떼 소식', '소통 커피 X', '', '', when, '겨울 라떼'],
          ['a', '', '소통 커피 Facebook', '', '', when, '겨울 라떼 (FB)'],
        ]),
      });
      await page.getByRole('button', { name: '파일 검사' }).click();
      await page.getByText('문제가 없습니다. 게시물 1개를 가져올 수 있습니다.').waitFor();
      await expectAccessible(page, 'plan tools dry run (ko)');
      await screenshot(page, 'settings-plan-tools-ko');
      await page.getByRole('button', { name: '게시물 1개 가져오기' }).click();
      await page.getByText(/게시물 1개\(변형 2개\)를 초안으로 가져왔습니다/).waitFor();
      expect(await h.ctx.deps.prisma.post.count()).toBe(before + 1);

      // The export link downloads a CSV of the plan.
      const href = await page.getByRole('link', { name: 'CSV 내려받기' }).getAttribute('href');
      expect(href).toMatch(/plan\/export\.csv\?from=.+%2B09%3A00&to=.+&lang=ko/);
      const res = await page.request.get(`${h.url}${href}`);
      expect(res.status()).toBe(200);
      expect(await res.text()).toContain('CSV로 온 라떼 소식');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('creating an iCal link with filters shows a URL that serves only the chosen part of the plan', async () => {
    const { context, page, errors } = await open('planner@demo.sotong.dev', 'en', 'plan-tools');
    // Unfold long lines (RFC 5545 §3.1) before reading them.
    const events = (ics: string) =>
      ics
        .replace(/\r\n[ \t]/g, '')
        .split('BEGIN:VEVENT')
        .slice(1);
    try {
      const section = page.getByRole('region', { name: 'Calendar subscription (iCal)' });
      await section.getByRole('group', { name: 'Channels' }).getByLabel('소통 커피 X', { exact: true }).check();
      await expectAccessible(page, 'feed filters (en)');
      await page.getByRole('button', { name: 'Create subscription link' }).click();
      const field = page.getByLabel('Subscription link');
      await field.waitFor();
      const url = await field.inputValue();
      expect(url).toMatch(/\/api\/calendar-feeds\/.+\.ics$/);
      await page.getByText(/Google Calendar:/).waitFor();
      const summary = section.locator('.feed-summary');
      await expect.poll(() => summary.textContent()).toBe('Contains: 소통 커피 X');
      await expectAccessible(page, 'feed created (en)');
      await screenshot(page, 'settings-feed-filters-en');

      const res = await fetch(url);
      expect(res.status).toBe(200);
      const onlyX = await res.text();
      expect(onlyX).toContain('BEGIN:VCALENDAR');
      expect(events(onlyX).length).toBeGreaterThan(0);
      for (const event of events(onlyX)) expect(event).toMatch(/SUMMARY:\[X\] /);
      expect(onlyX).not.toContain('[Facebook]');
      expect(onlyX).not.toContain('US English');

      // Changing the filters keeps the same link.
      await page.getByRole('button', { name: "I've saved the link" }).click();
      await page.getByRole('button', { name: 'Change filters' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change what the link contains' });
      await expect.poll(() => dialog.getByLabel('소통 커피 X', { exact: true }).isChecked()).toBe(true);
      await dialog.getByRole('group', { name: 'Channels' }).getByLabel('소통 커피 Facebook', { exact: true }).check();
      await dialog.getByRole('group', { name: 'Segments' }).getByLabel('부산 30–40대', { exact: true }).check();
      await expectAccessible(page, 'feed filters dialog (en)');
      await screenshot(page, 'settings-feed-filters-dialog-en');
      await dialog.getByRole('button', { name: 'Save filters' }).click();
      await page.getByText('Subscription filters saved.').waitFor();
      await expect.poll(() => summary.textContent()).toBe('Contains: 소통 커피 X and 소통 커피 Facebook · 부산 30–40대');
      const both = await (await fetch(url)).text();
      expect(both).toContain('[Facebook]');
      // Only 소통 커피 X and Facebook posts for 부산 30–40대 (the demo plans that segment on Facebook only).
      expect(events(both).length).toBeGreaterThan(0);
      for (const event of events(both)) expect(event).toMatch(/SUMMARY:\[(X|Facebook)\] .+ · 부산 30–40대\r\n/);

      await page.getByRole('button', { name: 'Turn off' }).click();
      await page.getByRole('dialog', { name: 'Turn off calendar subscription' }).getByRole('button', { name: 'Turn off' }).click();
      await page.getByRole('button', { name: 'Create subscription link' }).waitFor();
      expect((await fetch(url)).status).toBe(404);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

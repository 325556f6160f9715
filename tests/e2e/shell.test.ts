import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoPeople } from '../../prisma/seed/demo';
import { type BrowserHarness, checkedRightAfterClick, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${h.url}/login`);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').press('Enter');
  await page.getByRole('navigation').getByRole('link', { name: '캘린더' }).waitFor();
}

describe.skipIf(!hasChromium)('the app shell in Chromium', () => {
  for (const person of demoPeople) {
    it(`${person.roles[0]} logs in, sees the shell in Korean, switches to English`, async () => {
      const context = await h.browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(`${h.url}/login`);
        await page.getByLabel('이메일').waitFor();
        await expectAccessible(page, 'login (ko)');
        await logIn(page, person.email);
        expect(await page.getAttribute('html', 'lang')).toBe('ko');
        const nav = page.getByRole('navigation', { name: '주 메뉴' });
        for (const name of ['캘린더', '승인', '받은 메시지함', '리포트', '설정'])
          await expect(nav.getByRole('link', { name }).count()).resolves.toBe(1);
        await expect(page.getByText(person.name).first().isVisible()).resolves.toBe(true);
        await expectAccessible(page, `shell (ko) as ${person.email}`);
        if (person.roles[0] === 'planner') await screenshot(page, 'shell-ko-planner');

        await page.getByLabel('언어').selectOption('en');
        const navEn = page.getByRole('navigation', { name: 'Main' });
        await navEn.getByRole('link', { name: 'Calendar' }).waitFor();
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        for (const name of ['Calendar', 'Approvals', 'Inbox', 'Reports', 'Settings'])
          await expect(navEn.getByRole('link', { name }).count()).resolves.toBe(1);
        await expectAccessible(page, `shell (en) as ${person.email}`);
        if (person.roles[0] === 'planner') await screenshot(page, 'shell-en-planner');

        // The choice survives a reload.
        await page.reload();
        await navEn.getByRole('link', { name: 'Calendar' }).waitFor();
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('walks the navigation with the keyboard and shows every section with an empty state', async () => {
    const context = await h.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.goto(`${h.url}/login`);
      await page.getByLabel('Email').fill('exec@demo.sotong.dev');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.keyboard.press('Enter');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Calendar' }).waitFor();
      for (const section of ['Approvals', 'Inbox', 'Reports', 'Settings', 'Calendar']) {
        const link = nav.getByRole('link', { name: section });
        await link.focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
        await page.getByRole('main').getByRole('heading').first().waitFor();
        await expectAccessible(page, `${section} (en)`);
      }
      await screenshot(page, 'calendar-empty-en');
    } finally {
      await context.close();
    }
  });

  it('an admin invites a new person, who accepts in another browser and lands in the workspace', async () => {
    const admin = await h.browser.newContext({ locale: 'en-US' });
    const page = await admin.newPage();
    const guest = await h.browser.newContext({ locale: 'ko-KR' });
    try {
      await page.goto(`${h.url}/login`);
      await page.getByLabel('Email').fill('admin@demo.sotong.dev');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('link', { name: 'Members' }).click();
      await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
      await expectAccessible(page, 'members (en)');
      const inviteForm = page.locator('form', { has: page.getByRole('button', { name: 'Create invitation' }) });
      await inviteForm.getByLabel('Email').fill('new.planner@example.com');
      await inviteForm.getByLabel('Planner').check();
      await inviteForm.getByRole('button', { name: 'Create invitation' }).click();
      const link = page.getByLabel('Invitation link');
      await link.waitFor();
      const url = await link.inputValue();
      expect(url).toMatch(new RegExp(`^${h.url}/invite/`));
      await screenshot(page, 'members-invite-en');

      const guestPage = await guest.newPage();
      await guestPage.goto(url);
      await guestPage.getByRole('heading', { name: /소통 데모/ }).waitFor();
      await expectAccessible(guestPage, 'accept invite (ko)');
      await guestPage.getByLabel('이름').fill('새 플래너');
      await guestPage.getByLabel('비밀번호').fill('a-very-good-password');
      await guestPage.getByRole('button', { name: /가입|계정/ }).click();
      await guestPage.getByRole('navigation').getByRole('link', { name: '캘린더' }).waitFor();
      expect(guestPage.url()).toMatch(/\/w\/[0-9a-f-]+\/calendar$/);

      await page.reload();
      await page.getByRole('cell', { name: 'new.planner@example.com' }).waitFor();

      // The admin makes the newcomer an approver too. The box flips in the same event, not when the save returns.
      const roles = page.getByRole('group', { name: 'Roles for 새 플래너' });
      const approver = roles.getByRole('checkbox', { name: 'Approver' });
      expect(await checkedRightAfterClick(approver)).toBe(true);
      await page.getByText('Roles updated for 새 플래너.').waitFor();
      const member = () => h.ctx.deps.prisma.membership.findFirst({ where: { user: { email: 'new.planner@example.com' } }, select: { roles: true } });
      await expect.poll(async () => [...((await member())?.roles ?? [])].sort()).toEqual(['approver', 'planner']);
      // Down to one role, that one cannot be taken away.
      await roles.getByRole('checkbox', { name: 'Planner' }).uncheck();
      await expect.poll(async () => (await member())?.roles).toEqual(['approver']);
      expect(await approver.isDisabled()).toBe(true);
      await roles.scrollIntoViewIfNeeded();
      await screenshot(page, 'members-roles-en');
    } finally {
      await admin.close();
      await guest.close();
    }
  });

  it('an API token is shown once after creating it', async () => {
    const context = await h.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.goto(`${h.url}/login`);
      await page.getByLabel('Email').fill('planner@demo.sotong.dev');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('link', { name: 'API tokens' }).click();
      await page.getByLabel('Token name').fill('Spreadsheet sync');
      await page.getByLabel('Planner').check();
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = page.getByLabel('Token secret');
      await secret.waitFor();
      expect(await secret.inputValue()).toMatch(/^stk_/);
      await expectAccessible(page, 'token created (en)');
      await screenshot(page, 'token-created-en');
      await page.getByRole('button', { name: "I've stored it safely" }).click();
      await page.getByRole('cell', { name: 'Spreadsheet sync' }).first().waitFor();
      expect(await page.getByLabel('Token secret').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

/**
 * What the planner-side browser tests share: dates on the Seoul wall clock, signing in as a demo
 * person, a fresh browser context, and STACK.md's drag recipe for FullCalendar.
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../prisma/seed/demo';
import type { BrowserHarness } from './browser';

export const TZ = 'Asia/Seoul';
export const DAY_MS = 86_400_000;
export type Lang = 'ko' | 'en';

/** `YYYY-MM-DD` in Seoul, `offset` days from today. */
export function seoulDay(offset: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offset * DAY_MS),
  );
}

/** Wall time in Seoul (`HH:mm`) of an instant. */
export function seoulTime(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

/** `YYYY-MM-DD HH:mm` in Seoul of an instant. */
export function seoulWall(date: Date): string {
  return `${new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(date)} ${seoulTime(date)}`;
}

export function plusDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A new browser context in the language's locale (and another zone than the workspace's), collecting page errors. */
export async function newPage(h: BrowserHarness, lang: Lang) {
  const context = await h.browser.newContext({
    locale: lang === 'ko' ? 'ko-KR' : 'en-US',
    viewport: { width: 1440, height: 1300 },
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Signs a demo person in and waits for the calendar (with its events, unless `events: false`). */
export async function logIn(h: BrowserHarness, page: Page, email: string, lang: Lang, options: { events?: boolean } = {}) {
  await page.goto(`${h.url}/login`);
  await page.getByLabel(lang === 'ko' ? '이메일' : 'Email').fill(email);
  await page.getByLabel(lang === 'ko' ? '비밀번호' : 'Password').fill(DEMO_PASSWORD);
  await page.getByLabel(lang === 'ko' ? '비밀번호' : 'Password').press('Enter');
  await page
    .getByRole('navigation')
    .getByRole('link', { name: lang === 'ko' ? '캘린더' : 'Calendar' })
    .waitFor();
  if (options.events !== false) await page.locator('[data-variant-id]').first().waitFor();
}

/** STACK.md's drag recipe: centre of the source, press, 10 px in 5 steps, to the target in 20 steps, release. */
export async function drag(page: Page, source: Locator, target: () => Promise<{ x: number; y: number }>) {
  await source.scrollIntoViewIfNeeded();
  const box = await source.boundingBox();
  if (!box) throw new Error('source not visible');
  const to = await target();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 10, y, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 20 });
  await page.mouse.up();
}

/** Where to drop on a (visible) cell: centred, a little low to stay clear of the day number. */
export async function centreOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('target not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height * 0.65 };
}

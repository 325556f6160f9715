/**
 * Settings → Webhooks in Chromium, in Korean and English: add an endpoint (the secret shown once), send a
 * test that a real receiver on 127.0.0.1 gets signed with that secret, read the deliveries log, disable and
 * enable, delete with confirmation. Keyboard only for the main actions; axe on each state; screenshots.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../prisma/seed/demo';
import { verifySignature } from '../../server/src/modules/outgoing-webhooks/signature';
import { startWebhookWorker } from '../../server/src/modules/outgoing-webhooks/webhook-worker';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let h: BrowserHarness;
let receiver: WebhookReceiver;
let webhooks: Awaited<ReturnType<typeof startWebhookWorker>>;
beforeAll(async () => {
  if (!hasChromium) return;
  receiver = await startWebhookReceiver();
  h = await startBrowserHarness({ env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
  webhooks = await startWebhookWorker(h.ctx.deps);
});
afterAll(async () => {
  await webhooks?.worker.close();
  await webhooks?.queue.close();
  await h?.close();
  await receiver?.close();
});

const copy = {
  ko: {
    email: '이메일',
    password: '비밀번호',
    tab: '웹훅',
    empty: '아직 엔드포인트가 없어요',
    url: '엔드포인트 URL',
    description: '설명 (선택)',
    event: /게시물 승인됨/,
    add: '엔드포인트 추가',
    invalid: 'https://example.com/webhook처럼 전체 주소를 입력해 주세요.',
    secret: '서명 시크릿',
    saved: '저장했어요',
    ping: '테스트 보내기',
    delivered: '전달됨',
    details: '자세히',
    attempt: '1번째 시도',
    disable: '끄기',
    enable: '켜기',
    off: '꺼짐',
    del: '삭제',
    confirmTitle: '엔드포인트를 삭제할까요?',
    confirm: '엔드포인트 삭제',
  },
  en: {
    email: 'Email',
    password: 'Password',
    tab: 'Webhooks',
    empty: 'No endpoints yet',
    url: 'Endpoint URL',
    description: 'Description (optional)',
    event: /Post approved/,
    add: 'Add endpoint',
    invalid: 'Enter a full address, like https://example.com/webhook.',
    secret: 'Signing secret',
    saved: "I've saved it",
    ping: 'Send test',
    delivered: 'Delivered',
    details: 'Details',
    attempt: 'Attempt 1',
    disable: 'Disable',
    enable: 'Enable',
    off: 'Disabled',
    del: 'Delete',
    confirmTitle: 'Delete this endpoint?',
    confirm: 'Delete endpoint',
  },
} as const;

async function open(lang: 'ko' | 'en') {
  const c = copy[lang];
  const context = await h.browser.newContext({ locale: lang === 'ko' ? 'ko-KR' : 'en-US', viewport: { width: 1280, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${h.url}/login`);
  await page.getByLabel(c.email).fill('admin@demo.sotong.dev');
  await page.getByLabel(c.password).fill(DEMO_PASSWORD);
  await page.getByLabel(c.password).press('Enter');
  await page.waitForURL(/\/w\/[0-9a-f-]+\//);
  const base = page.url().match(/^(.*\/w\/[0-9a-f-]+)\//)?.[1];
  await page.goto(`${base}/settings/general`);
  await page
    .getByRole('navigation', { name: lang === 'ko' ? '설정 메뉴' : 'Settings sections' })
    .getByRole('link', { name: c.tab, exact: true })
    .click();
  return { context, page, errors };
}

async function walk(page: Page, lang: 'ko' | 'en') {
  const c = copy[lang];
  const main = page.getByRole('main');
  await main.getByRole('heading', { name: c.empty }).waitFor();
  await expectAccessible(page, `webhooks empty (${lang})`);

  // A URL the server refuses: the field says why.
  await main.getByLabel(c.url).fill('not a url');
  await main.getByRole('button', { name: c.add }).click();
  await main.getByText(c.invalid).waitFor();

  const path = `/e2e-${lang}`;
  await main.getByLabel(c.url).fill(`${receiver.url}${path}`);
  await main.getByLabel(c.description).fill(lang === 'ko' ? '사내 알림 봇' : 'Team chat bot');
  await main.getByLabel(c.event).check();
  await main.getByLabel(c.url).press('Enter');
  const secretField = main.getByLabel(c.secret, { exact: true });
  await secretField.waitFor();
  const secret = await secretField.inputValue();
  expect(secret).toMatch(/^whsec_/);
  await expectAccessible(page, `webhooks secret shown (${lang})`);
  await screenshot(page, `webhooks-secret-${lang}`);
  const done = main.getByRole('button', { name: c.saved });
  await done.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => secretField.count()).toBe(0);
  expect(await page.content()).not.toContain(secret);

  // Send a test with the keyboard; the log opens and shows it delivered.
  const endpoint = main.getByRole('article', { name: `${receiver.url}${path}` });
  await endpoint.getByRole('button', { name: c.ping }).focus();
  await page.keyboard.press('Enter');
  await endpoint.getByRole('table').getByText(c.delivered).waitFor({ timeout: 15_000 });
  const got = receiver.received.filter((r) => r.path === path);
  expect(got).toHaveLength(1);
  expect(verifySignature(secret, got[0]?.headers['sotong-signature'] as string, got[0]?.body ?? '')).toMatchObject({ ok: true });
  await endpoint.getByRole('button', { name: c.details }).click();
  await endpoint.getByText(c.attempt).waitFor();
  // "Last delivery" catches up with the log.
  await endpoint.getByRole('definition').getByText(c.delivered).waitFor({ timeout: 10_000 });
  await endpoint.getByText(c.attempt).scrollIntoViewIfNeeded();
  await expectAccessible(page, `webhooks deliveries log (${lang})`);
  await screenshot(page, `webhooks-log-${lang}`);

  // Disable and enable again.
  await endpoint.getByRole('button', { name: c.disable, exact: true }).click();
  await endpoint.getByText(c.off, { exact: true }).waitFor();
  await endpoint.getByRole('button', { name: c.enable, exact: true }).click();
  await endpoint.getByRole('button', { name: c.disable, exact: true }).waitFor();

  // Delete, confirmed in the dialog.
  await endpoint.getByRole('button', { name: c.del, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: c.confirmTitle });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: c.confirm }).click();
  await main.getByRole('heading', { name: c.empty }).waitFor();
}

describe.skipIf(!hasChromium)('webhooks settings in Chromium', () => {
  for (const lang of ['ko', 'en'] as const) {
    it(`adds, tests, reads, disables and deletes an endpoint (${lang})`, async () => {
      const { context, page, errors } = await open(lang);
      try {
        await walk(page, lang);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../prisma/seed/demo';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

async function open(email: string, tab: string) {
  const context = await h.browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${h.url}/login`);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(DEMO_PASSWORD);
  await page.getByLabel('비밀번호').press('Enter');
  await page.waitForURL(/\/w\/[0-9a-f-]+\//);
  const base = page.url().match(/^(.*\/w\/[0-9a-f-]+)\//)?.[1];
  await page.goto(`${base}/settings/${tab}`);
  await page.getByRole('main').getByRole('heading', { level: 2 }).first().waitFor();
  return { context, page, errors };
}

describe.skipIf(!hasChromium)('approval policy and audit log in Chromium', () => {
  it('an admin adds a campaign-limited step with an outside reviewer, saves, and finds it in the audit log', async () => {
    const { context, page, errors } = await open('admin@demo.sotong.dev', 'approval-policy');
    try {
      await page.getByRole('button', { name: '단계 추가' }).click();
      const step = page.getByRole('listitem').last();
      await step.getByLabel('단계 이름').fill('법무 검토');
      await step.getByLabel('외부 검토자 (이메일)').fill('legal@example.com');
      await step.getByText('일부 게시물에만 적용').click();
      const campaign = step.getByRole('group', { name: '캠페인' }).getByRole('checkbox').first();
      const campaignName = (await step.getByRole('group', { name: '캠페인' }).locator('label').first().innerText()).trim();
      await campaign.check();
      await step.getByText(`${campaignName} 캠페인 게시물에만 적용`).waitFor();
      await expectAccessible(page, 'approval policy (ko)');
      await screenshot(page, 'approval-policy-ko');
      await page.getByRole('button', { name: '정책 저장' }).click();
      await page.getByText('승인 정책을 저장했습니다.').waitFor();
      const saved = await h.ctx.deps.prisma.approvalPolicy.findFirstOrThrow({ select: { steps: true } });
      expect(JSON.stringify(saved.steps)).toContain('legal@example.com');

      // A server objection shows by its field.
      await step.getByLabel('이 역할을 가진 누구나').selectOption('');
      await step.getByLabel('필요한 승인 수').fill('3');
      await page.getByRole('button', { name: '정책 저장' }).click();
      await step.getByText(/needs 3 approvals/).waitFor();

      await page.getByRole('navigation', { name: '설정 메뉴' }).getByRole('link', { name: '감사 로그' }).click();
      await page
        .getByRole('cell', { name: /승인 정책 변경/ })
        .first()
        .waitFor();
      await page.getByLabel('대상').selectOption('approval_policy');
      await page.getByText('변경 전 / 후').first().click();
      await expectAccessible(page, 'audit log (ko)');
      await screenshot(page, 'audit-log-ko');
      const href = await page.getByRole('link', { name: 'CSV 내보내기' }).getAttribute('href');
      expect(href).toContain('entityType=approval_policy');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a planner sees the policy read-only and no audit tab', async () => {
    const { context, page } = await open('planner@demo.sotong.dev', 'approval-policy');
    try {
      await page.getByText('승인 정책은 관리자만 바꿀 수 있습니다.').waitFor();
      expect(await page.getByRole('button', { name: '정책 저장' }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: '설정 메뉴' }).getByRole('link', { name: '감사 로그' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

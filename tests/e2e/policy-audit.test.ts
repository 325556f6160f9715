import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../prisma/seed/demo';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

/** Signs in (Korean) and returns the page with the workspace's base URL (`…/w/<id>`). */
async function signIn(email: string) {
  const context = await h.browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${h.url}/login`);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(DEMO_PASSWORD);
  await page.getByLabel('비밀번호').press('Enter');
  await page.waitForURL(/\/w\/[0-9a-f-]+\//);
  const base = page.url().match(/^(.*\/w\/[0-9a-f-]+)\//)?.[1] ?? '';
  return { context, page, errors, base };
}

async function open(email: string, tab: string) {
  const session = await signIn(email);
  await session.page.goto(`${session.base}/settings/${tab}`);
  await session.page.getByRole('main').getByRole('heading', { level: 2 }).first().waitFor();
  return session;
}

/** The API as a signed-in member (cookie session + CSRF header), without the browser. */
async function apiAs(email: string) {
  const agent = request.agent(h.ctx.app);
  const res = await agent.post('/api/auth/login').send({ email, password: DEMO_PASSWORD });
  expect(res.status).toBe(200);
  const csrf = res.body.csrfToken as string;
  return {
    put: (url: string, body: object) => agent.put(url).set('x-csrf-token', csrf).send(body),
    post: (url: string, body: object) => agent.post(url).set('x-csrf-token', csrf).send(body),
  };
}

/** The audit table needs no sideways scrolling (its columns fit the card). */
const fitsWidth = (page: Page) => page.locator('.table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);

/** The approvals queue focused on one post (`?post=`), its review details open. */
async function openQueueCard(page: Page, base: string, postId: string) {
  await page.goto(`${base}/approvals?post=${postId}`);
  const card = page.locator(`#queue-item-${postId}`);
  await card.getByRole('heading', { name: '승인 단계' }).waitFor();
  return card;
}

describe.skipIf(!hasChromium)('approval policy and audit log in Chromium', () => {
  it('an admin adds a campaign-limited step with an outside reviewer, saves, and finds it in the audit log', async () => {
    const { context, page, errors } = await open('admin@demo.sotong.dev', 'approval-policy');
    try {
      // The default step, still named "Review", reads in Korean (and is saved unchanged).
      await expect.poll(() => page.getByLabel('단계 이름').first().inputValue()).toBe('검토');
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
      expect((saved.steps as Array<{ id: string; name: string }>)[0]).toMatchObject({ id: 'review', name: 'Review' });

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
      await page.locator('.audit-detail-row:not([hidden])').first().waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page, 'audit log (ko)');
      await screenshot(page, 'audit-log-ko');
      const href = await page.getByRole('link', { name: 'CSV 내보내기' }).getAttribute('href');
      expect(href).toContain('entityType=approval_policy');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a planner makes a new outside review link in the review panel; the admin finds it in the audit log, expanded full width', async () => {
    const prisma = h.ctx.deps.prisma;
    const OUTSIDE = 'agency@example.com';
    const workspace = await prisma.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } });
    const ws = `/api/workspaces/${workspace.id}`;
    const admin = await apiAs('admin@demo.sotong.dev');
    const policy = await admin.put(`${ws}/approval-policy`, {
      steps: [
        { name: '대행사 확인', role: null, memberIds: [], externalEmails: [OUTSIDE], required: 1, channelIds: [], segmentIds: [], campaignIds: [] },
      ],
      allowSelfApproval: false,
      lateApproval: 'hold',
      reminderLeadMinutes: [1440, 120],
    });
    expect(policy.status).toBe(200);
    const post = await prisma.post.findFirstOrThrow({
      where: { workspaceId: workspace.id, state: 'draft', deletedAt: null, variants: { some: { deletedAt: null } } },
      select: { id: true, title: true },
    });
    const planner = await apiAs('planner@demo.sotong.dev');
    const submitted = await planner.post(`${ws}/posts/${post.id}/transitions`, { to: 'in_review' });
    expect(submitted.status).toBe(200);
    const first = await prisma.reviewLink.findFirstOrThrow({ where: { postId: post.id, email: OUTSIDE }, select: { id: true } });

    const { context, page, errors, base } = await signIn('planner@demo.sotong.dev');
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
      const card = await openQueueCard(page, base, post.id);
      await card.getByRole('heading', { name: '외부 검토 링크' }).waitFor();
      const row = card.locator('.review-link-row', { hasText: OUTSIDE });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.innerText()).toContain('사용 가능');
      expect(await row.innerText()).toContain('대행사 확인');

      await row.getByRole('button', { name: `새 링크 만들기 ${OUTSIDE}` }).click();
      const field = card.getByLabel(`${OUTSIDE} 검토 링크`);
      await field.waitFor();
      const url = await field.inputValue();
      expect(url).toMatch(new RegExp(`^${h.url.replace(/[.]/g, '\\.')}/review/[A-Za-z0-9_-]{20,}$`));
      await card.getByText('메일 발송이 설정되어 있으면', { exact: false }).waitFor();
      await card.getByRole('button', { name: '복사', exact: true }).click();
      await page.getByText('복사됨').first().waitFor();
      // Runs in the page (the test's own tsconfig has no DOM types).
      const readClipboard = () =>
        (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText();
      expect(await page.evaluate(readClipboard)).toBe(url);
      // The old link stopped working; the new one is listed as live.
      await expect.poll(() => card.locator('.review-link-row').count()).toBe(2);
      expect(await card.locator('.review-link-row', { hasText: '더 이상 쓸 수 없음' }).innerText()).toContain('발급');
      const old = await prisma.reviewLink.findUniqueOrThrow({ where: { id: first.id }, select: { revokedAt: true } });
      expect(old.revokedAt).not.toBeNull();
      await expectAccessible(page, 'review links in the review panel (ko)');
      await card.locator('.review-links').scrollIntoViewIfNeeded();
      await screenshot(page, 'review-links-ko');

      // The URL opens the public review page, without signing in.
      const visitor = await h.browser.newContext({ locale: 'ko-KR' });
      try {
        const review = await visitor.newPage();
        await review.goto(url);
        await review.getByRole('heading', { level: 1, name: post.title }).waitFor();
        expect(await review.getByText('대행사 확인').count()).toBeGreaterThan(0);
      } finally {
        await visitor.close();
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // Not for approvers: the panel has no links section.
    const approver = await signIn('approver@demo.sotong.dev');
    try {
      const card = await openQueueCard(approver.page, approver.base, post.id);
      await card.getByRole('heading', { name: '결정 기록' }).waitFor();
      expect(await card.getByRole('heading', { name: '외부 검토 링크' }).count()).toBe(0);
    } finally {
      await approver.context.close();
    }

    const audit = await open('admin@demo.sotong.dev', 'audit');
    try {
      const p = audit.page;
      await p.getByLabel('작업 종류').selectOption('review_link.renewed');
      await p
        .getByRole('cell', { name: /검토 링크 재발급/ })
        .first()
        .waitFor();
      expect(await p.getByRole('link', { name: 'CSV 내보내기' }).getAttribute('href')).toContain('action=review_link.renewed');
      expect(await p.locator('.audit-row').count()).toBe(1);
      await p.getByRole('button', { name: '변경 전 / 후 검토 링크 재발급' }).click();
      const detail = p.locator('.audit-detail-row:not([hidden]) > td');
      await detail.waitFor();
      const [cell, table] = await Promise.all([detail.boundingBox(), p.locator('.audit-table').boundingBox()]);
      expect(cell && table && cell.width / table.width).toBeGreaterThan(0.98);
      expect(await fitsWidth(p)).toBe(true);
      // Only the keys that changed, before → after.
      const changes = detail.locator('.audit-changes-table');
      expect(await changes.getByRole('rowheader', { name: 'linkId' }).count()).toBe(1);
      const emailRow = changes.getByRole('row').filter({ has: p.getByRole('rowheader', { name: 'email', exact: true }) });
      expect(await emailRow.innerText()).toContain(OUTSIDE);
      expect(await emailRow.innerText()).toContain('(없음)');
      // The raw JSON sits behind its own toggle.
      const raw = detail.locator('.audit-raw pre').first();
      expect(await raw.isVisible()).toBe(false);
      await detail.getByText('원본 JSON 보기').click();
      await raw.waitFor();
      expect(await raw.innerText()).toContain(first.id);
      await expectAccessible(p, 'audit log detail row (ko)');
      await screenshot(p, 'audit-log-detail-ko');
      expect(audit.errors).toEqual([]);
    } finally {
      await audit.context.close();
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

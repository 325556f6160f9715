import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updatePolicy } from '../../server/src/modules/approvals/manage-policy';
import { policyBody } from '../../server/src/modules/approvals/policy';
import { submitPost } from '../../server/src/modules/approvals/submit-post';
import { renewReviewLink } from '../../server/src/modules/review-links/manage-review-links';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

const OUTSIDE = 'agency@example.com';

/** A demo draft sent for review under a policy whose only step is an outside reviewer; returns its link. */
async function outsideReviewLink() {
  const { prisma } = h.ctx.deps;
  const workspace = await prisma.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } });
  const admin = await prisma.user.findFirstOrThrow({ where: { email: 'admin@demo.sotong.dev' }, select: { id: true } });
  await updatePolicy(
    h.ctx.deps,
    { userId: admin.id },
    workspace.id,
    policyBody.parse({ steps: [{ name: '대행사 확인', externalEmails: [OUTSIDE] }] }),
  );
  const post = await prisma.post.findFirstOrThrow({
    where: { workspaceId: workspace.id, state: 'draft', deletedAt: null, variants: { some: { deletedAt: null } } },
    select: { id: true, title: true, variants: { where: { deletedAt: null }, select: { text: true } } },
  });
  await submitPost(h.ctx.deps, { userId: admin.id }, workspace.id, post.id);
  const link = await prisma.reviewLink.findFirstOrThrow({ where: { postId: post.id, email: OUTSIDE }, select: { id: true } });
  const renewed = await renewReviewLink(h.ctx.deps, { userId: admin.id }, workspace.id, post.id, link.id);
  return { url: renewed.url, post, workspaceId: workspace.id };
}

describe.skipIf(!hasChromium)('outside review page in Chromium', () => {
  it('an outside reviewer approves in Korean without signing in; the link then says it was used', async () => {
    const { url, post } = await outsideReviewLink();
    const context = await h.browser.newContext({ locale: 'ko-KR', viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: post.title }).waitFor();
      await page
        .getByText('데모 브랜드에서 검토를 요청했습니다')
        .or(page.getByText(/에서 검토를 요청했습니다$/))
        .first()
        .waitFor();
      expect(await page.getByText('대행사 확인').count()).toBeGreaterThan(0);
      // The variants of the version under review, as network previews.
      const firstText = post.variants[0]?.text.split('\n')[0]?.slice(0, 20) ?? '';
      expect(await page.getByText(firstText, { exact: false }).count()).toBeGreaterThan(0);
      await expectAccessible(page, 'review link (ko)');
      await screenshot(page, 'review-link-ko');

      // Asking for changes needs a comment; then back, and approve.
      await page.getByRole('button', { name: '수정 요청' }).click();
      await page.getByRole('button', { name: '수정 요청 보내기' }).click();
      await page.getByText('고칠 내용을 적어 주세요.').waitFor();
      await page.getByRole('button', { name: '취소' }).click();
      await page.getByRole('button', { name: '승인', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '감사합니다' }).waitFor();
      await page.getByText('승인이 기록되었습니다.').waitFor();
      await expectAccessible(page, 'review link thanks (ko)');
      await screenshot(page, 'review-link-ko-thanks');

      const state = await h.ctx.deps.prisma.post.findUniqueOrThrow({ where: { id: post.id }, select: { state: true } });
      expect(['approved', 'scheduled']).toContain(state.state);
      const decision = await h.ctx.deps.prisma.approvalDecision.findFirstOrThrow({ where: { postId: post.id, reviewerEmail: OUTSIDE } });
      expect(decision.decision).toBe('approved');

      await page.reload();
      await page.getByRole('heading', { level: 1, name: '이미 검토했습니다' }).waitFor();
      await expectAccessible(page, 'used review link (ko)');
      await screenshot(page, 'review-link-ko-used');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an unknown link explains itself in English', async () => {
    const context = await h.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      await page.goto(`${h.url}/review/${'x'.repeat(43)}`);
      await page.getByRole('heading', { level: 1, name: 'Link not found' }).waitFor();
      await expectAccessible(page, 'unknown review link (en)');
    } finally {
      await context.close();
    }
  });
});

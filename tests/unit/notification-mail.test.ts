import { describe, expect, it } from 'vitest';
import { mailLocale, renderNotificationMail } from '../../server/src/modules/notifications/render-mail';

const base = {
  timeZone: 'Asia/Seoul',
  workspaceName: 'Café <Sotong>',
  postTitle: 'Spring <menu>',
  authorName: '김기획',
  link: 'https://sotong.example/w/ws/approvals?post=p1',
};

describe('notification mail rendering', () => {
  it('picks the reader’s language, else the workspace’s', () => {
    expect(mailLocale('en', 'ko')).toBe('en');
    expect(mailLocale(null, 'ko')).toBe('ko');
    expect(mailLocale(undefined, 'en-US')).toBe('en');
    expect(mailLocale('ko-KR', 'en')).toBe('ko');
  });

  it('renders a changes request in Korean with who acted, the comment and the link; HTML is escaped', () => {
    const mail = renderNotificationMail({
      ...base,
      kind: 'changes_requested',
      locale: 'ko',
      data: { by: '이승인', comment: '가격을 <b>표시</b>해 주세요' },
    });
    expect(mail.subject).toBe('[수정 요청] Spring <menu>');
    expect(mail.text).toContain('이승인님이 ‘Spring <menu>’ 게시물의 수정을 요청했습니다.');
    expect(mail.text).toContain('댓글:\n가격을 <b>표시</b>해 주세요');
    expect(mail.text).toContain(`게시물 열기: ${base.link}`);
    expect(mail.html).toContain('가격을 &lt;b&gt;표시&lt;/b&gt;해 주세요');
    expect(mail.html).toContain('Café &lt;Sotong&gt;');
    expect(mail.html).not.toContain('<menu>');
  });

  it('renders a publish-at-risk warning with the unknown names and the planned time, in both languages', () => {
    const data = { detail: 'Atlantis (KR), tlh', deadline: '2026-12-02T00:00:00.000Z', channel: '소통 페이지' };
    const ko = renderNotificationMail({ ...base, kind: 'publish_at_risk', locale: 'ko', data });
    expect(ko.subject).toBe('[게시 전 확인 필요] Spring <menu>');
    expect(ko.text).toContain('Atlantis (KR), tlh');
    expect(ko.text).toContain('(2026. 12. 2. AM 9:00 예정)');
    const en = renderNotificationMail({ ...base, kind: 'publish_at_risk', locale: 'en', data });
    expect(en.subject).toBe('[Check before it goes out] Spring <menu>');
    expect(en.text).toContain('does not know a place or language of its segment — Atlantis (KR), tlh');
    expect(en.html).not.toContain('<menu>');
  });

  it('renders a reminder in English with the deadline in the workspace zone', () => {
    const mail = renderNotificationMail({
      ...base,
      kind: 'review_reminder',
      locale: 'en',
      data: { deadline: '2026-04-01T01:00:00.000Z', lead: 120 },
    });
    expect(mail.subject).toBe('[Reminder] Spring <menu> goes out Apr 1, 2026, 10:00 AM');
    expect(mail.text).toContain('is still waiting for your review; it is planned for Apr 1, 2026, 10:00 AM');
  });

  it('falls back to the stored title when the post is gone, and names the author of a review request', () => {
    const mail = renderNotificationMail({
      ...base,
      postTitle: null,
      kind: 'review_requested',
      locale: 'en',
      data: { title: 'Old title', step: 'Legal' },
    });
    expect(mail.subject).toBe('[Review requested] Old title');
    expect(mail.text).toContain('김기획 asked you to review “Old title” (step: Legal).');
  });
});

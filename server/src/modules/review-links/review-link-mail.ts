import type { Deps } from '../../deps';
import { mailerFor } from '../../lib/mailer';

export interface ReviewMail {
  to: string;
  url: string;
  workspace: string;
  title: string;
  expiresAt: Date;
  locale: string;
}

function compose(m: ReviewMail) {
  if (m.locale === 'ko') {
    const until = m.expiresAt.toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' });
    return {
      subject: `[${m.workspace}] 게시물 검토 요청: ${m.title}`,
      text: `${m.workspace}에서 게시물 "${m.title}"의 검토를 요청했습니다.\n\n아래 링크에서 내용을 확인하고 승인하거나 수정을 요청해 주세요. 로그인은 필요 없습니다.\n${m.url}\n\n링크는 ${until}까지 유효하며 한 번만 사용할 수 있습니다.`,
    };
  }
  return {
    subject: `[${m.workspace}] Review requested: ${m.title}`,
    text: `${m.workspace} asks you to review the post "${m.title}".\n\nOpen the link to read it and approve or request changes (no sign-in needed):\n${m.url}\n\nThe link works once, until ${m.expiresAt.toUTCString()}.`,
  };
}

/**
 * Mails review links when SMTP is configured. Runs after the caller's work and never throws: a
 * mail that fails is logged, and a planner can renew the link and pass it on by hand.
 */
export async function mailReviewLinks(deps: Deps, mails: ReviewMail[]): Promise<void> {
  const mailer = mailerFor(deps.config);
  if (!mailer.enabled) return;
  for (const m of mails) {
    try {
      await mailer.send({ to: m.to, ...compose(m) });
    } catch (error) {
      deps.logger.warn({ err: error, to: m.to }, 'review link mail failed');
    }
  }
}

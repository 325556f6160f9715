import type { Deps } from '../../deps';
import { mailerFor } from '../../lib/mailer';
import { claimUnmailed, findMailable, type MailableNotification, releaseClaim } from './notification-repository';
import { mailLocale, type RenderedMail, renderNotificationMail } from './render-mail';

/** Older unmailed notifications (from before SMTP was set up, say) are not mailed any more. */
const MAIL_WINDOW_MS = 24 * 3_600_000;
const BATCH = 50;

/** Where a notification points: the conversation in the inbox, or else the post in the approvals screen. */
export function notificationLink(appUrl: string, workspaceId: string, postId: string | null, data: unknown): string {
  const conversationId = (data as { conversationId?: unknown } | null)?.conversationId;
  if (typeof conversationId === 'string' && conversationId) {
    return `${appUrl.replace(/\/$/, '')}/w/${encodeURIComponent(workspaceId)}/inbox?c=${encodeURIComponent(conversationId)}`;
  }
  return postLink(appUrl, workspaceId, postId);
}

/** Where a post's notification points: the post in the approvals screen. */
export function postLink(appUrl: string, workspaceId: string, postId: string | null): string {
  const base = `${appUrl.replace(/\/$/, '')}/w/${encodeURIComponent(workspaceId)}/approvals`;
  return postId ? `${base}?post=${encodeURIComponent(postId)}` : base;
}

export function renderFor(appUrl: string, n: MailableNotification): RenderedMail {
  return renderNotificationMail({
    kind: n.kind,
    data: (n.data ?? {}) as Record<string, unknown>,
    locale: mailLocale(n.user.locale, n.workspace.locale),
    timeZone: n.workspace.timeZone,
    workspaceName: n.workspace.name,
    postTitle: n.post?.title ?? null,
    authorName: n.post?.author.name ?? null,
    link: notificationLink(appUrl, n.workspaceId, n.postId, n.data),
  });
}

/**
 * The e-mail outbox: claims notifications not mailed yet (a conditional update, so two workers never
 * claim one row) and mails each to its reader. Without SMTP nothing is claimed. A mail that fails is
 * given back to the outbox for the next run.
 */
export async function mailNotifications(deps: Deps, now = new Date()) {
  const mailer = mailerFor(deps.config);
  if (!mailer.enabled) return { sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  for (;;) {
    const claimed = await claimUnmailed(deps.prisma, new Date(now.getTime() - MAIL_WINDOW_MS), now, BATCH);
    if (!claimed.length) break;
    const rows = await findMailable(
      deps.prisma,
      claimed.map((c) => c.id),
    );
    for (const n of rows) {
      try {
        await mailer.send({ to: n.user.email, ...renderFor(deps.config.appUrl, n) });
        sent++;
      } catch (error) {
        failed++;
        deps.logger.warn({ notificationId: n.id, workspaceId: n.workspaceId, err: error }, 'notification mail failed');
        await releaseClaim(deps.prisma, n.id);
      }
    }
    if (claimed.length < BATCH || failed) break;
  }
  return { sent, failed };
}

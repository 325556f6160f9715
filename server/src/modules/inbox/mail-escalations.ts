import type { Deps } from '../../deps';
import { mailerFor } from '../../lib/mailer';
import { mailLocale } from '../notifications/render-mail';
import { conversationTitle } from './assignees';
import { claimUnmailedEscalations, findEscalationMail, releaseEscalationClaim } from './inbox-repository';
import { renderEscalationMail } from './render-escalation-mail';

/** Escalations older than this that were never mailed (SMTP set up later) are not mailed any more. */
const MAIL_WINDOW_MS = 24 * 3_600_000;
const BATCH = 20;

/** Where a mail about a conversation points. */
export function conversationLink(appUrl: string, workspaceId: string, conversationId: string): string {
  return `${appUrl.replace(/\/$/, '')}/w/${encodeURIComponent(workspaceId)}/inbox?c=${encodeURIComponent(conversationId)}`;
}

/**
 * The departments' outbox: claims escalations not mailed yet (a conditional update, so two workers never
 * mail one twice) and mails each department in the workspace's language. A mail that fails goes back to
 * the outbox for the next run. Without SMTP nothing is claimed.
 */
export async function mailEscalations(deps: Deps, now = new Date()) {
  const mailer = mailerFor(deps.config);
  if (!mailer.enabled) return { sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  const claimed = await claimUnmailedEscalations(deps.prisma, now, new Date(now.getTime() - MAIL_WINDOW_MS), BATCH);
  for (const { id } of claimed) {
    const e = await findEscalationMail(deps.prisma, id);
    if (!e) continue;
    const customer = conversationTitle(e.conversation) || e.conversation.channelAccount.name;
    try {
      await mailer.send({
        to: e.department.email,
        ...renderEscalationMail({
          locale: mailLocale(null, e.workspace.locale),
          timeZone: e.workspace.timeZone,
          workspaceName: e.workspace.name,
          departmentName: e.department.name,
          by: e.createdBy.name,
          note: e.note,
          customer,
          channelName: e.conversation.channelAccount.name,
          messages: [...e.conversation.messages].reverse(),
          link: conversationLink(deps.config.appUrl, e.workspaceId, e.conversation.id),
        }),
      });
      sent++;
    } catch (error) {
      failed++;
      deps.logger.warn({ escalationId: id, workspaceId: e.workspaceId, err: error }, 'escalation mail failed');
      await releaseEscalationClaim(deps.prisma, id);
    }
  }
  return { sent, failed };
}

/**
 * Pure rendering of a notification e-mail (subject, plain text, simple HTML) in the reader's language.
 * No I/O: the outbox job looks everything up and passes it in.
 */
import type { NotificationKind } from '../../generated/prisma/client';

export type MailLocale = 'ko' | 'en';

export interface MailInput {
  kind: NotificationKind;
  /** What notify() stored: title, version, step, comment, by, deadline … */
  data: Record<string, unknown>;
  locale: MailLocale;
  timeZone: string;
  workspaceName: string;
  /** Post title and author as they are now (the stored title is used when the post is gone). */
  postTitle: string | null;
  authorName: string | null;
  /** Absolute link to the post in the app. */
  link: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** ko for Korean readers, en otherwise; a reader without a preference follows the workspace. */
export function mailLocale(userLocale: string | null | undefined, workspaceLocale: string | null | undefined): MailLocale {
  const pick = userLocale || workspaceLocale || 'ko';
  return pick.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

interface Words {
  title: string;
  by: string | null;
  step: string | null;
  version: number | null;
  deadline: string | null;
  /** What exactly is wrong, in names the reader typed (publish_at_risk: the unknown places and languages). */
  detail: string | null;
}

const copy: Record<MailLocale, Record<NotificationKind, (w: Words) => { subject: string; lead: string }>> = {
  ko: {
    review_requested: (w) => ({
      subject: `[검토 요청] ${w.title}`,
      lead: `${w.by ? `${w.by}님이 ` : ''}‘${w.title}’ 게시물의 검토를 요청했습니다${w.step ? ` (${w.step} 단계)` : ''}.`,
    }),
    approved: (w) => ({
      subject: `[승인됨] ${w.title}`,
      lead: `‘${w.title}’ 게시물${w.version ? `(v${w.version})` : ''}이 승인되었습니다${w.by ? ` — ${w.by}` : ''}.`,
    }),
    changes_requested: (w) => ({
      subject: `[수정 요청] ${w.title}`,
      lead: `${w.by ? `${w.by}님이 ` : ''}‘${w.title}’ 게시물의 수정을 요청했습니다.`,
    }),
    mentioned: (w) => ({
      subject: `[멘션] ${w.by ? `${w.by}님이` : '누군가'} 회원님을 언급했습니다`,
      lead: `${w.by ? `${w.by}님이 ` : ''}‘${w.title}’ 게시물의 댓글에서 회원님을 언급했습니다.`,
    }),
    review_reminder: (w) => ({
      subject: `[검토 알림] ${w.title}${w.deadline ? ` — ${w.deadline} 게시 예정` : ''}`,
      lead: `‘${w.title}’ 게시물이 아직 회원님의 검토를 기다리고 있습니다${w.deadline ? `. 게시 예정 시각은 ${w.deadline}입니다` : ''}.`,
    }),
    late_approval: (w) => ({
      subject: `[게시 시각 지남] ${w.title}`,
      lead: `‘${w.title}’ 게시물이 예정 시각이 지난 뒤 승인되었습니다. 새 게시 시각을 정해 주세요.`,
    }),
    publish_failed: (w) => ({
      subject: `[게시 실패] ${w.title}`,
      lead: `‘${w.title}’ 게시물을 게시하지 못했습니다. 내용을 확인하고 다시 시도해 주세요.`,
    }),
    publish_at_risk: (w) => ({
      subject: `[게시 전 확인 필요] ${w.title}`,
      lead: `‘${w.title}’ 게시물은 지금 그대로는 게시되지 못합니다${w.deadline ? ` (${w.deadline} 예정)` : ''}. 세그먼트의 지역이나 언어를 네트워크가 알지 못합니다${w.detail ? `: ${w.detail}` : ''}. 게시 시각 전에 세그먼트를 고쳐 주세요.`,
    }),
    channel_needs_reconnect: (w) => ({
      subject: `[채널 재연결 필요] ${w.title}`,
      lead: `‘${w.title}’ 채널의 연결이 끊어져 예약된 게시물이 나가지 못합니다. 설정 › 채널에서 다시 연결해 주세요.`,
    }),
    conversation_assigned: (w) => ({
      subject: `[문의 배정] ${w.title}`,
      lead: `${w.by ? `${w.by}님이 ` : ''}‘${w.title}’ 대화를 회원님에게 배정했습니다.`,
    }),
    conversation_overdue: (w) => ({
      subject: `[응답 기한 지남] ${w.title}`,
      lead: `‘${w.title}’ 대화가 응답 기한${w.deadline ? `(${w.deadline})` : ''}을 넘겼습니다. 지금 답해 주세요.`,
    }),
    inbox_mentioned: (w) => ({
      subject: `[멘션] ${w.by ? `${w.by}님이` : '누군가'} 회원님을 언급했습니다`,
      lead: `${w.by ? `${w.by}님이 ` : ''}‘${w.title}’ 대화의 내부 메모에서 회원님을 언급했습니다.`,
    }),
    escalation_created: (w) => ({
      subject: `[에스컬레이션] ${w.title}`,
      lead: `${w.by ? `${w.by}님이 ` : ''}‘${w.title}’ 대화를 담당 부서로 넘겼습니다.`,
    }),
    escalation_resolved: (w) => ({
      subject: `[에스컬레이션 해결] ${w.title}`,
      lead: `‘${w.title}’ 대화의 에스컬레이션이 해결되었습니다. 고객에게 알려 주세요.`,
    }),
  },
  en: {
    review_requested: (w) => ({
      subject: `[Review requested] ${w.title}`,
      lead: `${w.by ? `${w.by} asked you` : 'You are asked'} to review “${w.title}”${w.step ? ` (step: ${w.step})` : ''}.`,
    }),
    approved: (w) => ({
      subject: `[Approved] ${w.title}`,
      lead: `“${w.title}”${w.version ? ` (v${w.version})` : ''} was approved${w.by ? ` by ${w.by}` : ''}.`,
    }),
    changes_requested: (w) => ({
      subject: `[Changes requested] ${w.title}`,
      lead: `${w.by ?? 'A reviewer'} asked for changes to “${w.title}”.`,
    }),
    mentioned: (w) => ({
      subject: `[Mention] ${w.by ?? 'Someone'} mentioned you`,
      lead: `${w.by ?? 'Someone'} mentioned you in a comment on “${w.title}”.`,
    }),
    review_reminder: (w) => ({
      subject: `[Reminder] ${w.title}${w.deadline ? ` goes out ${w.deadline}` : ''}`,
      lead: `“${w.title}” is still waiting for your review${w.deadline ? `; it is planned for ${w.deadline}` : ''}.`,
    }),
    late_approval: (w) => ({
      subject: `[Past its time] ${w.title}`,
      lead: `“${w.title}” was approved after its planned time. Please pick a new time.`,
    }),
    publish_failed: (w) => ({
      subject: `[Publishing failed] ${w.title}`,
      lead: `“${w.title}” could not be published. Check it and try again.`,
    }),
    publish_at_risk: (w) => ({
      subject: `[Check before it goes out] ${w.title}`,
      lead: `“${w.title}” cannot be published as it stands${w.deadline ? ` (planned for ${w.deadline})` : ''}: the network does not know a place or language of its segment${w.detail ? ` — ${w.detail}` : ''}. Fix the segment before its time.`,
    }),
    channel_needs_reconnect: (w) => ({
      subject: `[Reconnect needed] ${w.title}`,
      lead: `The channel “${w.title}” lost its connection, so its scheduled posts cannot go out. Reconnect it in Settings › Channels.`,
    }),
    conversation_assigned: (w) => ({
      subject: `[Assigned to you] ${w.title}`,
      lead: `${w.by ?? 'Someone'} assigned the conversation “${w.title}” to you.`,
    }),
    conversation_overdue: (w) => ({
      subject: `[Overdue] ${w.title}`,
      lead: `The conversation “${w.title}” is past its response deadline${w.deadline ? ` (${w.deadline})` : ''}. Please answer now.`,
    }),
    inbox_mentioned: (w) => ({
      subject: `[Mention] ${w.by ?? 'Someone'} mentioned you`,
      lead: `${w.by ?? 'Someone'} mentioned you in an internal note on “${w.title}”.`,
    }),
    escalation_created: (w) => ({
      subject: `[Escalated] ${w.title}`,
      lead: `${w.by ?? 'Someone'} escalated the conversation “${w.title}” to a department.`,
    }),
    escalation_resolved: (w) => ({
      subject: `[Escalation resolved] ${w.title}`,
      lead: `The escalation of “${w.title}” was resolved. Let the customer know.`,
    }),
  },
};

const labels: Record<
  MailLocale,
  { comment: string; note: string; open: string; openConversation: string; footer: (ws: string) => string; untitled: string }
> = {
  ko: {
    comment: '댓글',
    note: '메모',
    open: '게시물 열기',
    openConversation: '대화 열기',
    footer: (ws) => `${ws} 워크스페이스의 소통 알림입니다.`,
    untitled: '제목 없음',
  },
  en: {
    comment: 'Comment',
    note: 'Note',
    open: 'Open the post',
    openConversation: 'Open the conversation',
    footer: (ws) => `A Sotong notification from the ${ws} workspace.`,
    untitled: 'Untitled',
  },
};

const inboxKinds: ReadonlySet<NotificationKind> = new Set([
  'conversation_assigned',
  'conversation_overdue',
  'inbox_mentioned',
  'escalation_created',
  'escalation_resolved',
]);

export function formatDeadline(iso: string, locale: MailLocale, timeZone: string): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function renderNotificationMail(input: MailInput): RenderedMail {
  const l = labels[input.locale];
  const d = input.data;
  const deadline = str(d.deadline);
  const words: Words = {
    title: input.postTitle ?? str(d.title) ?? l.untitled,
    by: str(d.by) ?? (input.kind === 'review_requested' ? input.authorName : null),
    step: str(d.step),
    version: num(d.version),
    deadline: deadline ? formatDeadline(deadline, input.locale, input.timeZone) : null,
    detail: str(d.detail),
  };
  const { subject, lead } = copy[input.locale][input.kind](words);
  // Inbox notifications point at a conversation and quote a note (or the resolution) rather than a post's comment.
  const inbox = inboxKinds.has(input.kind);
  const open = inbox ? l.openConversation : l.open;
  const quoteLabel = inbox ? l.note : l.comment;
  const comment = str(d.comment);
  const text = [lead, comment ? `\n${quoteLabel}:\n${comment}` : '', `\n${open}: ${input.link}`, `\n--\n${l.footer(input.workspaceName)}`]
    .filter(Boolean)
    .join('\n');
  const html = [
    `<!doctype html><html lang="${input.locale}"><body style="font-family:sans-serif;line-height:1.5;color:#1f2328">`,
    `<p>${escapeHtml(lead)}</p>`,
    comment
      ? `<blockquote style="margin:0 0 1em;padding:0.5em 1em;border-left:3px solid #d0d7de;white-space:pre-wrap">${escapeHtml(comment)}</blockquote>`
      : '',
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(open)}</a></p>`,
    `<p style="color:#656d76;font-size:12px">${escapeHtml(l.footer(input.workspaceName))}</p>`,
    '</body></html>',
  ].join('');
  return { subject: subject.replace(/[\r\n]+/g, ' '), text, html };
}

/**
 * The e-mail a department gets for an escalation: who escalated what, their note, the customer's latest
 * messages and a link to the conversation. Pure: the outbox job looks everything up.
 */
import { escapeHtml, formatDeadline, type MailLocale } from '../notifications/render-mail';

export interface EscalationMailInput {
  locale: MailLocale;
  timeZone: string;
  workspaceName: string;
  departmentName: string;
  by: string;
  note: string;
  customer: string;
  channelName: string;
  /** Oldest first. */
  messages: Array<{ authorName: string; text: string; sentAt: Date }>;
  link: string;
}

const words = {
  ko: {
    subject: (i: EscalationMailInput) => `[고객 문의 에스컬레이션] ${i.customer} — ${i.departmentName}`,
    lead: (i: EscalationMailInput) =>
      `${i.by}님이 ${i.channelName}에 온 ${i.customer}님의 문의를 ${i.departmentName}에 넘겼습니다. 확인 후 처리 결과를 알려 주세요.`,
    note: '전달 메모',
    messages: '고객 메시지',
    open: '대화 열기',
    footer: (ws: string) => `${ws} 워크스페이스의 소통에서 보낸 메일입니다.`,
  },
  en: {
    subject: (i: EscalationMailInput) => `[Customer escalation] ${i.customer} — ${i.departmentName}`,
    lead: (i: EscalationMailInput) =>
      `${i.by} escalated a message from ${i.customer} on ${i.channelName} to ${i.departmentName}. Please look into it and reply with what you found.`,
    note: 'Note',
    messages: 'What the customer wrote',
    open: 'Open the conversation',
    footer: (ws: string) => `Sent by Sotong for the ${ws} workspace.`,
  },
} as const;

export function renderEscalationMail(input: EscalationMailInput): { subject: string; text: string; html: string } {
  const w = words[input.locale];
  const when = (d: Date) => formatDeadline(d.toISOString(), input.locale, input.timeZone) ?? d.toISOString();
  const lines = input.messages.map((m) => `${m.authorName || input.customer} (${when(m.sentAt)}):\n${m.text}`);
  const text = [
    w.lead(input),
    `\n${w.note}:\n${input.note}`,
    lines.length ? `\n${w.messages}:\n${lines.join('\n\n')}` : '',
    `\n${w.open}: ${input.link}`,
    `\n--\n${w.footer(input.workspaceName)}`,
  ]
    .filter(Boolean)
    .join('\n');
  const quote = 'margin:0 0 1em;padding:0.5em 1em;border-left:3px solid #d0d7de;white-space:pre-wrap';
  const html = [
    `<!doctype html><html lang="${input.locale}"><body style="font-family:sans-serif;line-height:1.5;color:#1f2328">`,
    `<p>${escapeHtml(w.lead(input))}</p>`,
    `<h3 style="font-size:14px;margin:1em 0 0.25em">${escapeHtml(w.note)}</h3>`,
    `<blockquote style="${quote}">${escapeHtml(input.note)}</blockquote>`,
    input.messages.length ? `<h3 style="font-size:14px;margin:1em 0 0.25em">${escapeHtml(w.messages)}</h3>` : '',
    ...input.messages.map(
      (m) =>
        `<p style="margin:0;color:#656d76;font-size:12px">${escapeHtml(m.authorName || input.customer)} · ${escapeHtml(when(m.sentAt))}</p><blockquote style="${quote}">${escapeHtml(m.text)}</blockquote>`,
    ),
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(w.open)}</a></p>`,
    `<p style="color:#656d76;font-size:12px">${escapeHtml(w.footer(input.workspaceName))}</p>`,
    '</body></html>',
  ].join('');
  return { subject: w.subject(input).replace(/[\r\n]+/g, ' '), text, html };
}

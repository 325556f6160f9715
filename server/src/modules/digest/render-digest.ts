/**
 * The morning digest as an e-mail (pure): subject, plain text and HTML (tables and inline styles, which
 * mail clients keep), in Korean or English. Sections in the digest's order: what customers said
 * (unanswered and negative first, quoted, with links), escalations, yesterday's posts against the marks,
 * cadence against the targets.
 */
import type { MailLocale } from '../notifications/render-mail';
import type { Mark } from '../reports/shared/engagement';
import type { CustomerItem, DigestData, EscalationItem, PostItem } from './digest-data';

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const tag = (l: MailLocale) => (l === 'ko' ? 'ko-KR' : 'en-US');

const COPY = {
  ko: {
    brand: '소통',
    title: '아침 브리핑',
    subject: (date: string, unanswered: number, negative: number) =>
      `[소통] ${date} 아침 브리핑 — ${unanswered ? `미응답 ${unanswered}건` : '미응답 없음'}${negative ? `, 부정 ${negative}건` : ''}`,
    period: (from: string, to: string) => `${from}부터 ${to}까지`,
    summary: (c: DigestData['customers']['counts'], esc: number) =>
      `고객 메시지 ${c.messages}건 (대화 ${c.conversations}개) · 미응답 ${c.unanswered} · 부정 ${c.negative} · 처리 중인 에스컬레이션 ${esc}`,
    customers: '고객이 한 말',
    customersEmpty: '지난 브리핑 이후 들어온 고객 메시지가 없습니다.',
    mix: (c: DigestData['customers']['counts']) =>
      `불만 ${c.complaints} · 질문 ${c.questions} · 칭찬 ${c.praise}${c.overdue ? ` · 지금 기한이 지난 대화 ${c.overdue}개` : ''}`,
    unanswered: '미응답',
    overdue: '기한 지남',
    answered: '응답함',
    sentiment: { negative: '부정', neutral: '중립', positive: '긍정' },
    category: { complaint: '불만', question: '질문', praise: '칭찬', other: '기타' },
    onPost: (title: string) => `게시물 ‘${title}’에 남긴 메시지`,
    moreMessages: (n: number) => `이 대화에 메시지 ${n}건`,
    reply: '답하기',
    open: '보기',
    more: (n: number) => `외 ${n}개 대화 — 받은 메시지함에서 보기`,
    escalations: '에스컬레이션',
    escalationsEmpty: '새로 접수되었거나 처리 중인 에스컬레이션이 없습니다.',
    escCounts: (c: DigestData['escalations']['counts']) =>
      `신규 ${c.new} · 접수 ${c.open} · 처리 중 ${c.inProgress} · 지난 브리핑 이후 해결 ${c.resolved}`,
    escStatus: { open: '접수', in_progress: '처리 중', resolved: '해결' },
    isNew: '신규',
    age: (d: string) => `${d} 경과`,
    posts: '어제 게시물',
    postsEmpty: '어제 게시된 게시물이 없습니다.',
    postsSummary: (count: number, rate: string) => `게시물 ${count}건 · 참여율 중앙값 ${rate}`,
    formula: '참여율 = (반응 + 댓글 + 공유) ÷ 게시 당시 팔로워 수 · 기준: 0.3% 양호 · 0.5% 안정 · 1% 우수',
    marks: { below: '0.3% 미만', working: '양호', stable: '안정', excellent: '우수' } as Record<Mark, string>,
    noRate: '아직 집계 전',
    reading: (cp: string) => `${cp} 시점 집계`,
    interactions: (r: number, c: number, s: number) => `반응 ${r} · 댓글 ${c} · 공유 ${s}`,
    morePosts: (n: number) => `외 ${n}건 — 리포트에서 보기`,
    cadence: '게시 주기',
    cadenceEmpty: '연결된 채널이 없습니다.',
    cadenceLine: (n: number, target: number) => `어제 ${n}건 / 목표 ${target}건`,
    week: (on: number, days: number) => `최근 ${days}일 중 ${on}일 목표 달성`,
    onTarget: '목표 달성',
    belowTarget: '목표 미달',
    footerApp: '앱에서 이 브리핑과 지난 브리핑 보기',
    footerManage: '이 메일은 브리핑을 구독한 분께 보냅니다. 설정 › 아침 브리핑에서 끌 수 있습니다.',
    minutes: (m: number) => `${m}분`,
    hours: (h: number, m: number) => `${h}시간 ${m}분`,
    days: (d: number, h: number) => `${d}일 ${h}시간`,
  },
  en: {
    brand: 'Sotong',
    title: 'Morning digest',
    subject: (date: string, unanswered: number, negative: number) =>
      `[Sotong] Morning digest, ${date} — ${unanswered ? `${unanswered} unanswered` : 'nothing unanswered'}${negative ? `, ${negative} negative` : ''}`,
    period: (from: string, to: string) => `From ${from} to ${to}`,
    summary: (c: DigestData['customers']['counts'], esc: number) =>
      `${c.messages} customer messages (${c.conversations} conversations) · ${c.unanswered} unanswered · ${c.negative} negative · ${esc} open escalations`,
    customers: 'What customers said',
    customersEmpty: 'No customer messages since the last digest.',
    mix: (c: DigestData['customers']['counts']) =>
      `Complaints ${c.complaints} · questions ${c.questions} · praise ${c.praise}${c.overdue ? ` · ${c.overdue} conversations overdue now` : ''}`,
    unanswered: 'Unanswered',
    overdue: 'Overdue',
    answered: 'Answered',
    sentiment: { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' },
    category: { complaint: 'Complaint', question: 'Question', praise: 'Praise', other: 'Other' },
    onPost: (title: string) => `On the post “${title}”`,
    moreMessages: (n: number) => `${n} messages in this conversation`,
    reply: 'Reply',
    open: 'Open',
    more: (n: number) => `${n} more conversations — open the inbox`,
    escalations: 'Escalations',
    escalationsEmpty: 'No new or open escalations.',
    escCounts: (c: DigestData['escalations']['counts']) =>
      `New ${c.new} · open ${c.open} · in progress ${c.inProgress} · resolved since the last digest ${c.resolved}`,
    escStatus: { open: 'Open', in_progress: 'In progress', resolved: 'Resolved' },
    isNew: 'New',
    age: (d: string) => `open for ${d}`,
    posts: 'Yesterday’s posts',
    postsEmpty: 'Nothing was published yesterday.',
    postsSummary: (count: number, rate: string) => `${count} posts · median engagement rate ${rate}`,
    formula: 'Engagement rate = (reactions + comments + shares) ÷ followers at publication · marks: 0.3% working · 0.5% stable · 1% excellent',
    marks: { below: 'Below 0.3%', working: 'Working', stable: 'Stable', excellent: 'Excellent' } as Record<Mark, string>,
    noRate: 'not read yet',
    reading: (cp: string) => `${cp} reading`,
    interactions: (r: number, c: number, s: number) => `${r} reactions · ${c} comments · ${s} shares`,
    morePosts: (n: number) => `${n} more — open the reports`,
    cadence: 'Cadence',
    cadenceEmpty: 'No channels are connected.',
    cadenceLine: (n: number, target: number) => `${n} yesterday / target ${target}`,
    week: (on: number, days: number) => `on target ${on} of the last ${days} days`,
    onTarget: 'On target',
    belowTarget: 'Below target',
    footerApp: 'Read this digest and the earlier ones in Sotong',
    footerManage: 'You get this e-mail because you subscribed to the digest. Turn it off in Settings › Morning digest.',
    minutes: (m: number) => `${m} min`,
    hours: (h: number, m: number) => `${h} h ${m} min`,
    days: (d: number, h: number) => `${d} d ${h} h`,
  },
};
type Copy = (typeof COPY)['ko'];

function duration(c: Copy, ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return c.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? c.hours(hours, minutes % 60) : c.days(Math.floor(hours / 24), hours % 24);
}

const COLORS = {
  text: '#1a1f2b',
  muted: '#545d6c',
  border: '#e2e5ea',
  bg: '#f6f7f9',
  primary: '#4338ca',
  danger: '#b42318',
  dangerSoft: '#fef1f0',
  warning: '#7a4a00',
  warningSoft: '#fff7e6',
  success: '#067647',
  successSoft: '#ecfdf3',
  stable: '#1d4ed8',
  stableSoft: '#eaf1ff',
  grey: '#f1f3f6',
};

const badge = (label: string, fg: string, bg: string) =>
  `<span style="display:inline-block;padding:2px 8px;border-radius:999px;font-size:12px;font-weight:600;color:${fg};background:${bg};">${esc(label)}</span>`;

const markColors: Record<Mark, [string, string]> = {
  below: [COLORS.muted, COLORS.grey],
  working: [COLORS.warning, COLORS.warningSoft],
  stable: [COLORS.stable, COLORS.stableSoft],
  excellent: [COLORS.success, COLORS.successSoft],
};

export function renderDigest(data: DigestData, locale: MailLocale): RenderedDigest {
  const c = COPY[locale];
  const tz = data.workspace.timeZone;
  const dateLong = new Intl.DateTimeFormat(tag(locale), { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${data.day}T00:00:00Z`),
  );
  const dateShort = new Intl.DateTimeFormat(tag(locale), { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${data.day}T00:00:00Z`),
  );
  const time = (iso: string) =>
    new Intl.DateTimeFormat(tag(locale), {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: tz,
    }).format(new Date(iso));
  const pct = (r: number | null) => (r === null ? c.noRate : `${(r * 100).toFixed(2)}%`);
  const cc = data.customers.counts;
  const openEsc = data.escalations.counts.open + data.escalations.counts.inProgress;
  const subject = c.subject(dateShort, cc.unanswered, cc.negative);

  // ---- plain text
  const lines: string[] = [];
  lines.push(
    `${c.brand} · ${c.title} — ${data.workspace.name}`,
    dateLong,
    c.period(time(data.period.from), time(data.period.to)),
    '',
    c.summary(cc, openEsc),
    '',
  );
  lines.push(`■ ${c.customers}`);
  if (data.customers.items.length === 0) lines.push(c.customersEmpty);
  else lines.push(c.mix(cc));
  for (const item of data.customers.items) {
    const flags = customerFlags(c, item).join(' · ');
    lines.push(
      '',
      `[${flags}] ${item.customerName}${item.customerHandle ? ` (@${item.customerHandle})` : ''} · ${item.channelName} · ${time(item.sentAt)}`,
    );
    lines.push(`  “${item.text.replace(/\s+/g, ' ')}”`);
    if (item.postTitle) lines.push(`  ${c.onPost(item.postTitle)}`);
    lines.push(`  ${item.unanswered ? c.reply : c.open}: ${item.link}`);
  }
  if (data.customers.more) lines.push('', `${c.more(data.customers.more)}: ${data.links.inbox}`);
  lines.push('', `■ ${c.escalations}`, c.escCounts(data.escalations.counts));
  if (data.escalations.items.length === 0) lines.push(c.escalationsEmpty);
  for (const e of data.escalations.items) {
    lines.push(
      '',
      `[${e.isNew ? `${c.isNew} · ` : ''}${c.escStatus[e.status]}] ${e.departmentName} · ${e.customerName} · ${c.age(duration(c, e.ageMs))}`,
    );
    lines.push(`  “${e.excerpt.replace(/\s+/g, ' ')}”`, `  ${c.open}: ${e.link}`);
  }
  lines.push('', `■ ${c.posts}`);
  if (data.posts.count === 0) lines.push(c.postsEmpty);
  else
    lines.push(
      `${c.postsSummary(data.posts.count, pct(data.posts.medianRate))}${data.posts.mark ? ` (${c.marks[data.posts.mark]})` : ''}`,
      c.formula,
    );
  for (const p of data.posts.items) {
    lines.push('', `${p.title} · ${p.channelName} · ${time(p.publishedAt)}`);
    lines.push(`  ${pct(p.rate)}${p.mark ? ` ${c.marks[p.mark]}` : ''}${postDetail(c, p) ? ` · ${postDetail(c, p)}` : ''}`);
  }
  if (data.posts.more) lines.push('', `${c.morePosts(data.posts.more)}: ${data.links.reports}`);
  lines.push('', `■ ${c.cadence}`);
  if (data.cadence.length === 0) lines.push(c.cadenceEmpty);
  for (const ch of data.cadence) {
    lines.push(`${ch.onTarget ? '✓' : '✗'} ${ch.name}: ${c.cadenceLine(ch.yesterday, ch.dailyTarget)} · ${c.week(ch.daysOnTarget, ch.days)}`);
  }
  lines.push('', `${c.footerApp}: ${data.links.digest}`, c.footerManage);
  const text = `${lines.join('\n')}\n`;

  // ---- HTML
  const section = (title: string, body: string) =>
    `<tr><td style="padding:24px 28px 8px;"><h2 style="margin:0 0 12px;font-size:18px;line-height:1.3;color:${COLORS.text};">${esc(title)}</h2>${body}</td></tr>`;
  const note = (s: string) => `<p style="margin:0 0 12px;font-size:13px;color:${COLORS.muted};">${esc(s)}</p>`;
  const link = (href: string, label: string) =>
    `<a href="${esc(href)}" style="color:${COLORS.primary};font-weight:600;text-decoration:none;">${esc(label)} →</a>`;

  const customerRows = data.customers.items
    .map((item) => {
      const flags = [
        item.unanswered ? badge(c.unanswered, COLORS.danger, COLORS.dangerSoft) : badge(c.answered, COLORS.success, COLORS.successSoft),
        item.overdue ? badge(c.overdue, COLORS.danger, COLORS.dangerSoft) : '',
        item.sentiment === 'negative' ? badge(c.sentiment.negative, COLORS.danger, COLORS.dangerSoft) : '',
        badge(c.category[item.category], COLORS.muted, COLORS.grey),
      ]
        .filter(Boolean)
        .join(' ');
      const accent = item.unanswered && item.sentiment === 'negative' ? COLORS.danger : item.unanswered ? COLORS.warning : COLORS.border;
      return `<tr><td style="padding:12px 0;border-top:1px solid ${COLORS.border};">
<div style="margin-bottom:6px;">${flags}</div>
<div style="font-size:13px;color:${COLORS.muted};margin-bottom:6px;"><strong style="color:${COLORS.text};">${esc(item.customerName)}</strong>${item.customerHandle ? ` @${esc(item.customerHandle)}` : ''} · ${esc(item.channelName)} · ${esc(time(item.sentAt))}${item.messages > 1 ? ` · ${esc(c.moreMessages(item.messages))}` : ''}</div>
<blockquote style="margin:0 0 8px;padding:8px 12px;border-left:3px solid ${accent};background:${COLORS.bg};font-size:15px;line-height:1.5;color:${COLORS.text};">${esc(item.text)}</blockquote>
${item.postTitle ? `<div style="font-size:12px;color:${COLORS.muted};margin-bottom:6px;">${esc(c.onPost(item.postTitle))}</div>` : ''}
<div style="font-size:14px;">${link(item.link, item.unanswered ? c.reply : c.open)}</div>
</td></tr>`;
    })
    .join('');
  const customersHtml =
    data.customers.items.length === 0
      ? note(c.customersEmpty)
      : `${note(c.mix(cc))}<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${customerRows}</table>${
          data.customers.more ? `<p style="margin:12px 0 0;font-size:14px;">${link(data.links.inbox, c.more(data.customers.more))}</p>` : ''
        }`;

  const escalationRows = data.escalations.items
    .map((e: EscalationItem) => {
      const [fg, bg] =
        e.status === 'open'
          ? [COLORS.danger, COLORS.dangerSoft]
          : e.status === 'in_progress'
            ? [COLORS.warning, COLORS.warningSoft]
            : [COLORS.success, COLORS.successSoft];
      return `<tr><td style="padding:10px 0;border-top:1px solid ${COLORS.border};">
<div style="margin-bottom:4px;">${e.isNew ? `${badge(c.isNew, COLORS.primary, '#eef0fe')} ` : ''}${badge(c.escStatus[e.status], fg, bg)} <strong style="font-size:14px;color:${COLORS.text};">${esc(e.departmentName)}</strong> <span style="font-size:13px;color:${COLORS.muted};">· ${esc(c.age(duration(c, e.ageMs)))}</span></div>
<div style="font-size:14px;color:${COLORS.text};margin-bottom:4px;">${esc(e.customerName)}: “${esc(e.excerpt)}”</div>
<div style="font-size:14px;">${link(e.link, c.open)}</div>
</td></tr>`;
    })
    .join('');
  const escalationsHtml = `${note(c.escCounts(data.escalations.counts))}${
    data.escalations.items.length === 0
      ? note(c.escalationsEmpty)
      : `<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${escalationRows}</table>`
  }`;

  const postRows = data.posts.items
    .map((p) => {
      const [fg, bg] = p.mark ? markColors[p.mark] : [COLORS.muted, COLORS.grey];
      const title = p.remoteUrl
        ? `<a href="${esc(p.remoteUrl)}" style="color:${COLORS.text};text-decoration:none;">${esc(p.title)}</a>`
        : esc(p.title);
      return `<tr>
<td style="padding:10px 8px 10px 0;border-top:1px solid ${COLORS.border};font-size:14px;color:${COLORS.text};"><strong>${title}</strong><div style="font-size:12px;color:${COLORS.muted};">${esc(p.channelName)} · ${esc(time(p.publishedAt))}${postDetail(c, p) ? ` · ${esc(postDetail(c, p))}` : ''}</div></td>
<td align="right" style="padding:10px 0;border-top:1px solid ${COLORS.border};white-space:nowrap;font-size:14px;"><strong>${esc(pct(p.rate))}</strong> ${p.mark ? badge(c.marks[p.mark], fg, bg) : ''}</td>
</tr>`;
    })
    .join('');
  const postsHtml =
    data.posts.count === 0
      ? note(c.postsEmpty)
      : `<p style="margin:0 0 4px;font-size:15px;color:${COLORS.text};"><strong>${esc(c.postsSummary(data.posts.count, pct(data.posts.medianRate)))}</strong> ${
          data.posts.mark ? badge(c.marks[data.posts.mark], ...markColors[data.posts.mark]) : ''
        }</p>${note(c.formula)}<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${postRows}</table>${
          data.posts.more ? `<p style="margin:12px 0 0;font-size:14px;">${link(data.links.reports, c.morePosts(data.posts.more))}</p>` : ''
        }`;

  const cadenceRows = data.cadence
    .map(
      (ch) => `<tr>
<td style="padding:8px 8px 8px 0;border-top:1px solid ${COLORS.border};font-size:14px;color:${COLORS.text};">${esc(ch.name)}<div style="font-size:12px;color:${COLORS.muted};">${esc(c.week(ch.daysOnTarget, ch.days))}</div></td>
<td align="right" style="padding:8px 0;border-top:1px solid ${COLORS.border};white-space:nowrap;font-size:14px;">${esc(c.cadenceLine(ch.yesterday, ch.dailyTarget))} ${
        ch.onTarget ? badge(c.onTarget, COLORS.success, COLORS.successSoft) : badge(c.belowTarget, COLORS.warning, COLORS.warningSoft)
      }</td>
</tr>`,
    )
    .join('');
  const cadenceHtml =
    data.cadence.length === 0
      ? note(c.cadenceEmpty)
      : `<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${cadenceRows}</table>`;

  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:${COLORS.bg};font-family:-apple-system,'Segoe UI','Apple SD Gothic Neo','Noto Sans KR',sans-serif;color:${COLORS.text};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${COLORS.bg};"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="max-width:640px;width:100%;background:#ffffff;border:1px solid ${COLORS.border};border-radius:12px;">
<tr><td style="padding:24px 28px 16px;border-bottom:1px solid ${COLORS.border};">
<div style="font-size:13px;font-weight:700;color:${COLORS.primary};letter-spacing:0.02em;">${esc(c.brand)} · ${esc(data.workspace.name)}</div>
<h1 style="margin:4px 0 4px;font-size:24px;line-height:1.25;">${esc(c.title)} — ${esc(dateLong)}</h1>
<p style="margin:0 0 8px;font-size:13px;color:${COLORS.muted};">${esc(c.period(time(data.period.from), time(data.period.to)))}</p>
<p style="margin:0;font-size:15px;">${esc(c.summary(cc, openEsc))}</p>
</td></tr>
${section(c.customers, customersHtml)}
${section(c.escalations, escalationsHtml)}
${section(c.posts, postsHtml)}
${section(c.cadence, cadenceHtml)}
<tr><td style="padding:20px 28px 24px;border-top:1px solid ${COLORS.border};font-size:13px;color:${COLORS.muted};">
<p style="margin:0 0 6px;">${link(data.links.digest, c.footerApp)}</p>
<p style="margin:0;">${esc(c.footerManage)}</p>
</td></tr>
</table></td></tr></table>
</body></html>`;
  return { subject, text, html };
}

function customerFlags(c: Copy, item: CustomerItem): string[] {
  return [
    item.unanswered ? c.unanswered : c.answered,
    ...(item.overdue ? [c.overdue] : []),
    ...(item.sentiment === 'negative' ? [c.sentiment.negative] : []),
    c.category[item.category],
  ];
}

function postDetail(c: Copy, p: PostItem): string {
  const parts: string[] = [];
  if (p.reactions !== null && p.comments !== null && p.shares !== null) parts.push(c.interactions(p.reactions, p.comments, p.shares));
  if (p.checkpoint) parts.push(c.reading(p.checkpoint));
  return parts.join(' · ');
}

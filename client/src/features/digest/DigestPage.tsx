import { markOf } from '@reports/engagement';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { currentLanguage } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { LoadingState } from '../../ui/Spinner';
import { asProvider, NetworkIcon } from '../calendar/NetworkIcon';
import { useDuration } from '../reports/duration';
import { useReportFormat } from '../reports/format';
import { Formula, MarkBadge } from '../reports/Marks';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import {
  type CustomerItem,
  type Digest,
  type DigestSummary,
  digestEmailUrl,
  type EscalationItem,
  useDigest,
  useDigestList,
  useDigestSettings,
} from './api';
import { type DigestRelation, digestEyebrowKey, digestRelation } from './digest-day';
import { SubscriptionToggle } from './SubscriptionToggle';
import './digest.css';

const tag = (lang: string) => (lang.startsWith('ko') ? 'ko-KR' : 'en-US');

/** Dates and times of the digest in the workspace zone. */
function useDigestFormat(timeZone: string) {
  const { i18n } = useTranslation();
  const lang = tag(i18n.resolvedLanguage ?? i18n.language);
  return {
    dayLong: (day: string) =>
      new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long', timeZone: 'UTC' }).format(
        new Date(`${day}T00:00:00Z`),
      ),
    dayShort: (day: string) =>
      new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)),
    time: (iso: string) =>
      new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
        new Date(iso),
      ),
  };
}

/** The morning digest in the app: the chosen (or latest) digest, the history of past ones, and your subscription. */
export default function DigestPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('digest.title'));
  const { workspace } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const list = useDigestList(workspace.id);
  const settings = useDigestSettings(workspace.id);
  const items = list.data?.items ?? [];
  const wanted = params.get('d') ?? (params.get('day') ? items.find((i) => i.day === params.get('day'))?.id : undefined);
  const selected = items.find((i) => i.id === wanted) ?? items[0] ?? null;
  const digest = useDigest(workspace.id, selected?.id ?? null);
  const description = settings.data
    ? t('digest.description', { time: settings.data.sendTime, zone: settings.data.timeZone })
    : t('digest.descriptionLoading');

  return (
    <>
      <PageHeader title={t('digest.title')} description={description} />
      <div className="digest-layout">
        <div className="digest-main">
          {list.isPending ? (
            <LoadingState rows={6} />
          ) : list.isError ? (
            <p className="alert alert-error" role="alert">
              {errorMessage(t, list.error)}
            </p>
          ) : !selected ? (
            <EmptyState title={t('digest.emptyTitle')}>
              <p>{settings.data ? t('digest.emptyBody', { time: settings.data.sendTime, zone: settings.data.timeZone }) : null}</p>
            </EmptyState>
          ) : digest.isPending ? (
            <LoadingState rows={6} />
          ) : digest.isError ? (
            <p className="alert alert-error" role="alert">
              {errorMessage(t, digest.error)}
            </p>
          ) : (
            <DigestView digest={digest.data} relation={digestRelation(selected.day, list.data?.today)} />
          )}
        </div>
        <aside className="digest-aside" aria-label={t('digest.asideLabel')}>
          <SubscriptionCard />
          <History
            items={items}
            selectedId={selected?.id ?? null}
            today={list.data?.today ?? ''}
            onSelect={(id) =>
              setParams(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  next.delete('day');
                  next.set('d', id);
                  return next;
                },
                { replace: false },
              )
            }
          />
        </aside>
      </div>
    </>
  );
}

function SubscriptionCard() {
  const { t } = useTranslation();
  const { workspace, isAdmin } = useCurrentWorkspace();
  const settings = useDigestSettings(workspace.id);
  const s = settings.data;
  return (
    <section className="card digest-card" aria-labelledby="digest-subscription">
      <h2 id="digest-subscription" className="digest-aside-title">
        {t('digest.subscription.title')}
      </h2>
      {!s ? (
        <LoadingState rows={1} />
      ) : (
        <>
          <SubscriptionToggle workspaceId={workspace.id} settings={s} />
          <p className="muted digest-small">
            {s.enabled ? t('digest.subscription.when', { time: s.sendTime, zone: s.timeZone }) : t('digest.subscription.paused')}
          </p>
          <Link to={`/w/${encodeURIComponent(workspace.id)}/settings/digest`} className="digest-small">
            {isAdmin ? t('digest.subscription.manageAdmin') : t('digest.subscription.manage')}
          </Link>
        </>
      )}
    </section>
  );
}

function History({
  items,
  selectedId,
  today,
  onSelect,
}: {
  items: DigestSummary[];
  selectedId: string | null;
  today: string;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const f = useDigestFormat(workspace.timeZone);
  return (
    <section className="card digest-card" aria-labelledby="digest-history">
      <h2 id="digest-history" className="digest-aside-title">
        {t('digest.history')}
      </h2>
      {items.length === 0 ? (
        <p className="muted digest-small">{t('digest.historyEmpty')}</p>
      ) : (
        <ol className="digest-history">
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="digest-history-item"
                aria-current={item.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(item.id)}
              >
                <span className="digest-history-day">
                  {f.dayShort(item.day)}
                  {item.day === today ? <span className="digest-today">{t('digest.today')}</span> : null}
                </span>
                <span className="digest-history-counts">
                  {t('digest.historyCounts', { customers: item.customers, unanswered: item.unanswered, negative: item.negative })}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function DigestView({ digest, relation }: { digest: Digest; relation: DigestRelation }) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const d = digest.data;
  const f = useDigestFormat(d.workspace.timeZone);
  const c = d.customers.counts;
  const openEscalations = d.escalations.counts.open + d.escalations.counts.inProgress;
  return (
    <article className="digest" aria-labelledby="digest-heading">
      <header className="card digest-head">
        <div className="digest-head-top">
          <div>
            <p className="digest-eyebrow">{t(digestEyebrowKey[relation])}</p>
            <h2 id="digest-heading" className="digest-title">
              {f.dayLong(d.day)}
            </h2>
            <p className="muted digest-small">
              {t('digest.period', { from: f.time(d.period.from), to: f.time(d.period.to), zone: d.workspace.timeZone })}
            </p>
          </div>
          <a className="btn btn-secondary btn-sm" href={digestEmailUrl(workspace.id, digest.id, currentLanguage())} target="_blank" rel="noreferrer">
            {t('digest.asEmail')}
          </a>
        </div>
        <dl className="digest-figures">
          <div>
            <dt>{t('digest.figures.messages')}</dt>
            <dd>{c.messages}</dd>
          </div>
          <div className={c.unanswered ? 'is-alert' : undefined}>
            <dt>{t('digest.figures.unanswered')}</dt>
            <dd>{c.unanswered}</dd>
          </div>
          <div className={c.negative ? 'is-alert' : undefined}>
            <dt>{t('digest.figures.negative')}</dt>
            <dd>{c.negative}</dd>
          </div>
          <div>
            <dt>{t('digest.figures.escalations')}</dt>
            <dd>{openEscalations}</dd>
          </div>
          <div>
            <dt>{t('digest.figures.posts')}</dt>
            <dd>{d.posts.count}</dd>
          </div>
        </dl>
      </header>

      <section className="card digest-section" aria-labelledby="digest-customers">
        <h3 id="digest-customers" className="section-title">
          {t('digest.customers.title')}
        </h3>
        {d.customers.items.length === 0 ? (
          <p className="muted">{t('digest.customers.empty')}</p>
        ) : (
          <>
            <p className="muted digest-small">
              {t('digest.customers.mix', { complaints: c.complaints, questions: c.questions, praise: c.praise })}
              {c.overdue ? ` · ${t('digest.customers.overdueNow', { count: c.overdue })}` : ''}
            </p>
            <ol className="digest-quotes">
              {d.customers.items.map((item) => (
                <CustomerQuote key={item.conversationId} item={item} time={f.time(item.sentAt)} />
              ))}
            </ol>
            {d.customers.more ? (
              <p className="digest-more">
                <Link to={`/w/${encodeURIComponent(workspace.id)}/inbox`}>{t('digest.customers.more', { count: d.customers.more })}</Link>
              </p>
            ) : null}
          </>
        )}
      </section>

      <section className="card digest-section" aria-labelledby="digest-escalations">
        <h3 id="digest-escalations" className="section-title">
          {t('digest.escalations.title')}
        </h3>
        <p className="muted digest-small">
          {t('digest.escalations.counts', {
            new: d.escalations.counts.new,
            open: d.escalations.counts.open,
            inProgress: d.escalations.counts.inProgress,
            resolved: d.escalations.counts.resolved,
          })}
        </p>
        {d.escalations.items.length === 0 ? (
          <p className="muted">{t('digest.escalations.empty')}</p>
        ) : (
          <ol className="digest-escalations">
            {d.escalations.items.map((e) => (
              <EscalationLine key={e.id} item={e} />
            ))}
          </ol>
        )}
      </section>

      <section className="card digest-section" aria-labelledby="digest-posts">
        <h3 id="digest-posts" className="section-title">
          {t('digest.posts.title', { day: f.dayShort(d.yesterday) })}
        </h3>
        {d.posts.count === 0 ? (
          <p className="muted">{t('digest.posts.empty')}</p>
        ) : (
          <>
            <PostsSummary digest={digest} />
            <ol className="digest-posts">
              {d.posts.items.map((p) => (
                <PostLine key={p.variantId} post={p} time={f.time(p.publishedAt)} />
              ))}
            </ol>
          </>
        )}
      </section>

      <section className="card digest-section" aria-labelledby="digest-cadence">
        <h3 id="digest-cadence" className="section-title">
          {t('digest.cadence.title')}
        </h3>
        {d.cadence.length === 0 ? (
          <p className="muted">{t('digest.cadence.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table digest-cadence">
              <caption className="visually-hidden">{t('digest.cadence.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('digest.cadence.channel')}</th>
                  <th scope="col" className="num">
                    {t('digest.cadence.yesterday')}
                  </th>
                  <th scope="col" className="num">
                    {t('digest.cadence.target')}
                  </th>
                  <th scope="col">{t('digest.cadence.status')}</th>
                  <th scope="col">{t('digest.cadence.week')}</th>
                </tr>
              </thead>
              <tbody>
                {d.cadence.map((ch) => (
                  <tr key={ch.channelId}>
                    <td>
                      <span className="channel-name">
                        <NetworkIcon provider={asProvider(ch.provider)} /> {ch.name}
                      </span>
                    </td>
                    <td className="num">{ch.yesterday}</td>
                    <td className="num">{ch.dailyTarget}</td>
                    <td>
                      <span className={`digest-badge ${ch.onTarget ? 'is-good' : 'is-warn'}`}>
                        {ch.onTarget ? t('digest.cadence.onTarget') : t('digest.cadence.belowTarget')}
                      </span>
                    </td>
                    <td className="muted">{t('digest.cadence.weekValue', { on: ch.daysOnTarget, days: ch.days })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}

function CustomerQuote({ item, time }: { item: CustomerItem; time: string }) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const urgent = item.unanswered && item.sentiment === 'negative';
  return (
    <li className={`digest-quote${urgent ? ' is-urgent' : item.unanswered ? ' is-waiting' : ''}`}>
      <div className="digest-flags">
        {item.unanswered ? (
          <span className="digest-badge is-bad">{t('digest.customers.unanswered')}</span>
        ) : (
          <span className="digest-badge is-good">{t('digest.customers.answered')}</span>
        )}
        {item.overdue ? <span className="digest-badge is-bad">{t('digest.customers.overdue')}</span> : null}
        {item.sentiment === 'negative' ? <span className="digest-badge is-bad">{t('reports.listening.sentiment.negative')}</span> : null}
        <span className="digest-badge">{t(`digest.customers.category.${item.category}`)}</span>
      </div>
      <p className="digest-who">
        <NetworkIcon provider={asProvider(item.provider)} /> <strong>{item.customerName}</strong>
        {item.customerHandle ? <span className="muted"> @{item.customerHandle}</span> : null}
        <span className="muted">
          {' '}
          · {item.channelName} · {time}
        </span>
        {item.messages > 1 ? <span className="muted"> · {t('digest.customers.messages', { count: item.messages })}</span> : null}
      </p>
      <blockquote className="digest-text">{item.text}</blockquote>
      {item.postTitle ? <p className="muted digest-small">{t('digest.customers.onPost', { title: item.postTitle })}</p> : null}
      <Link className="digest-action" to={`/w/${encodeURIComponent(workspace.id)}/inbox?c=${encodeURIComponent(item.conversationId)}`}>
        {item.unanswered ? t('digest.customers.reply') : t('digest.customers.open')}
        <span className="visually-hidden">: {item.customerName}</span>
      </Link>
    </li>
  );
}

function EscalationLine({ item }: { item: EscalationItem }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const { workspace } = useCurrentWorkspace();
  const cls = item.status === 'open' ? 'is-bad' : item.status === 'in_progress' ? 'is-warn' : 'is-good';
  return (
    <li className="digest-escalation">
      <div className="digest-flags">
        {item.isNew ? <span className="digest-badge is-new">{t('digest.escalations.new')}</span> : null}
        <span className={`digest-badge ${cls}`}>{t(`reports.listening.escStatus.${item.status}`)}</span>
        <strong>{item.departmentName}</strong>
        <span className="muted digest-small">{t('reports.listening.age', { age: duration(item.ageMs) })}</span>
      </div>
      <Link to={`/w/${encodeURIComponent(workspace.id)}/inbox?c=${encodeURIComponent(item.conversationId)}`} className="digest-escalation-quote">
        {item.customerName}: “{item.excerpt}”
      </Link>
    </li>
  );
}

function PostsSummary({ digest }: { digest: Digest }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const p = digest.data.posts;
  return (
    <div className="digest-posts-summary">
      <p>
        <strong>{t('digest.posts.summary', { count: p.count, rate: f.rate(p.medianRate) })}</strong> <MarkBadge mark={markOf(p.medianRate)} />
      </p>
      <p className="muted digest-small">
        <Formula withMarks />
      </p>
    </div>
  );
}

function PostLine({ post, time }: { post: Digest['data']['posts']['items'][number]; time: string }) {
  const { t } = useTranslation();
  const f = useReportFormat();
  const read = post.reactions !== null && post.comments !== null && post.shares !== null;
  return (
    <li className="digest-post">
      <div>
        <p className="digest-post-title">
          {post.remoteUrl ? (
            <a href={post.remoteUrl} target="_blank" rel="noreferrer">
              {post.title}
            </a>
          ) : (
            post.title
          )}
        </p>
        <p className="muted digest-small">
          <NetworkIcon provider={asProvider(post.provider)} /> {post.channelName} · {time}
          {read ? ` · ${t('digest.posts.interactions', { reactions: post.reactions, comments: post.comments, shares: post.shares })}` : ''}
          {post.checkpoint ? ` · ${t('digest.posts.reading', { checkpoint: post.checkpoint })}` : ''}
        </p>
      </div>
      <span className="rate-cell">
        <span className="rate-value">{f.rate(post.rate)}</span> <MarkBadge mark={post.mark} />
      </span>
    </li>
  );
}

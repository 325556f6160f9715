import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import en from '../../i18n/en.json';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { QueryState } from '../../ui/QueryState';
import { addDays, dayRange } from '../calendar/zoned';
import { useMembers } from '../settings/api';
import { useCurrentWorkspace, useWorkspaceTime } from '../workspaces/current-workspace';
import { type AuditEvent, type AuditFilters, auditExportUrl, useAuditLog } from './api';
import { changedKeys, FOLD_AT, type KeyChange, valueText } from './changes';
import './audit.css';

export const ENTITY_TYPES = [
  'post',
  'variant',
  'series',
  'segment',
  'campaign',
  'channel',
  'media',
  'approval_policy',
  'review_link',
  'membership',
  'invite',
  'api_token',
  'webhook_endpoint',
  'calendar_feed',
  'workspace',
  'user',
] as const;

/** Every action the readable-name table (`audit.actions.<entity>.<verb>`) knows, e.g. `post.submitted`. */
export const AUDIT_ACTIONS: string[] = Object.entries(en.audit.actions).flatMap(([entity, verbs]) =>
  Object.keys(verbs).map((verb) => `${entity}.${verb}`),
);

/** The workspace-zone day bounds of the chosen dates (the end date counts whole). */
function rangeOf(fromDay: string, toDay: string, tz: string): Pick<AuditFilters, 'from' | 'to'> {
  return {
    from: fromDay ? dayRange(fromDay, tz).from : undefined,
    to: toDay ? dayRange(addDays(toDay, 1), tz).from : undefined,
  };
}

export default function AuditLogPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('audit.title'));
  const { workspace, isAdmin } = useCurrentWorkspace();
  const { timeZone } = useWorkspaceTime();
  const members = useMembers(workspace.id);
  const [entityType, setEntityType] = useState('');
  const [actorUserId, setActorUserId] = useState('');
  const [action, setAction] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const badRange = Boolean(fromDay && toDay && fromDay > toDay);
  const filters: AuditFilters = { entityType, actorUserId, action, ...(badRange ? {} : rangeOf(fromDay, toDay, timeZone)) };
  const log = useAuditLog(workspace.id, filters);

  if (!isAdmin) {
    return (
      <section className="card">
        <h2 className="section-title">{t('audit.title')}</h2>
        <p className="muted">{t('audit.adminsOnly')}</p>
      </section>
    );
  }

  const events = log.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <section className="card" aria-labelledby="audit-title">
      <div className="plan-section-head">
        <div>
          <h2 id="audit-title" className="section-title">
            {t('audit.title')}
          </h2>
          <p className="muted">{t('audit.body', { zone: timeZone })}</p>
        </div>
        <a className="btn btn-secondary" href={auditExportUrl(workspace.id, filters)} download>
          {t('audit.export')}
        </a>
      </div>
      <div className="audit-filters">
        <SelectField
          label={t('audit.filters.entityType')}
          value={entityType}
          onChange={(e) => setEntityType(e.target.value)}
          options={[{ value: '', label: t('audit.filters.all') }, ...ENTITY_TYPES.map((v) => ({ value: v, label: t(`audit.entities.${v}`) }))]}
        />
        <SelectField
          label={t('audit.filters.action')}
          value={action}
          onChange={(e) => setAction(e.target.value)}
          options={[{ value: '', label: t('audit.filters.allActions') }, ...AUDIT_ACTIONS.map((v) => ({ value: v, label: t(`audit.actions.${v}`) }))]}
        />
        <SelectField
          label={t('audit.filters.actor')}
          value={actorUserId}
          onChange={(e) => setActorUserId(e.target.value)}
          options={[{ value: '', label: t('audit.filters.everyone') }, ...(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))]}
        />
        <TextField
          label={t('audit.filters.from')}
          type="date"
          value={fromDay}
          max={toDay || undefined}
          onChange={(e) => setFromDay(e.target.value)}
        />
        <TextField
          label={t('audit.filters.to')}
          type="date"
          value={toDay}
          min={fromDay || undefined}
          onChange={(e) => setToDay(e.target.value)}
          error={badRange ? t('audit.filters.badRange') : undefined}
        />
      </div>
      <QueryState query={log} isEmpty={() => events.length === 0} emptyTitle={t('audit.emptyTitle')} emptyBody={t('audit.emptyBody')}>
        {() => (
          <>
            <div className="table-wrap">
              <table className="table audit-table">
                <colgroup>
                  <col className="audit-col-time" />
                  <col className="audit-col-actor" />
                  <col />
                  <col className="audit-col-entity" />
                  <col className="audit-col-changes" />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.columns.time')}</th>
                    <th scope="col">{t('audit.columns.actor')}</th>
                    <th scope="col">{t('audit.columns.action')}</th>
                    <th scope="col">{t('audit.columns.entity')}</th>
                    <th scope="col">{t('audit.columns.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((event) => (
                    <AuditRow key={event.id} event={event} />
                  ))}
                </tbody>
              </table>
            </div>
            {log.hasNextPage ? (
              <div className="audit-more">
                <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                  {t('audit.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </QueryState>
    </section>
  );
}

const pretty = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

const COLUMNS = 5;

/** `approval_policy.updated` may wrap after its dot rather than mid-word. */
const breakable = (code: string) =>
  code.split('.').flatMap((part, i) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string have no other identity
    i === 0 ? [part] : [<wbr key={i} />, `.${part}`],
  );

function AuditRow({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const { dateTime } = useWorkspaceTime();
  const detailId = useId();
  const [open, setOpen] = useState(false);
  const hasChanges = event.before != null || event.after != null;
  const actor = event.actor?.name ?? (event.actorTokenId ? t('audit.apiToken') : event.actor ? t('audit.formerMember') : t('audit.system'));
  const actionName = t(`audit.actions.${event.action}`, { defaultValue: event.action });
  return (
    <Fragment>
      <tr className={open ? 'audit-row is-open' : 'audit-row'}>
        <td className="nowrap">
          <time dateTime={event.createdAt}>{dateTime(event.createdAt)}</time>
        </td>
        <td>{actor}</td>
        <td>
          <div className="cell-primary">{actionName}</div>
          <div className="cell-secondary input-mono">{breakable(event.action)}</div>
        </td>
        <td>
          <div>{t(`audit.entities.${event.entityType}`, { defaultValue: event.entityType })}</div>
          <div className="cell-secondary input-mono audit-id">{event.entityId}</div>
        </td>
        <td className="nowrap">
          {hasChanges ? (
            <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen((o) => !o)}>
              <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('audit.showChanges')}
              <span className="visually-hidden"> {actionName}</span>
            </Button>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
      </tr>
      {hasChanges ? (
        <tr id={detailId} className="audit-detail-row" hidden={!open}>
          <td colSpan={COLUMNS}>{open ? <AuditChanges event={event} /> : null}</td>
        </tr>
      ) : null}
    </Fragment>
  );
}

/** The keys that changed (before → after, long values folded), and the raw JSON behind its own toggle. */
function AuditChanges({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const changes = changedKeys(event.before, event.after);
  return (
    <div className="audit-detail">
      {changes.length === 0 ? (
        <p className="muted">{t('audit.noChangedKeys')}</p>
      ) : (
        <table className="audit-changes-table">
          <caption className="visually-hidden">{t('audit.changedKeys')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.key')}</th>
              <th scope="col">{t('audit.before')}</th>
              <th scope="col">{t('audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <ChangeRow key={change.key || '(value)'} change={change} />
            ))}
          </tbody>
        </table>
      )}
      <details className="audit-raw">
        <summary>{t('audit.rawJson')}</summary>
        <div className="audit-diff">
          <div>
            <div className="field-label">{t('audit.before')}</div>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard */}
            <pre tabIndex={0}>{pretty(event.before)}</pre>
          </div>
          <div>
            <div className="field-label">{t('audit.after')}</div>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard */}
            <pre tabIndex={0}>{pretty(event.after)}</pre>
          </div>
        </div>
      </details>
    </div>
  );
}

function ChangeRow({ change }: { change: KeyChange }) {
  const { t } = useTranslation();
  return (
    <tr>
      <th scope="row" className="input-mono audit-key">
        {change.key || t('audit.wholeValue')}
      </th>
      <td>
        <ChangeValue value={change.before} kind="before" />
      </td>
      <td>
        <div className="audit-after">
          <span aria-hidden="true" className="audit-arrow">
            →
          </span>
          <ChangeValue value={change.after} kind="after" />
        </div>
      </td>
    </tr>
  );
}

function ChangeValue({ value, kind }: { value: unknown; kind: 'before' | 'after' }) {
  const { t } = useTranslation();
  if (value === undefined) return <span className="muted">{t('audit.absent')}</span>;
  if (value === null) return <span className="muted">—</span>;
  const text = valueText(value);
  if (text === '') return <span className="muted">{t('audit.emptyValue')}</span>;
  const cls = `audit-value audit-value-${kind}`;
  if (text.length <= FOLD_AT) return <span className={cls}>{text}</span>;
  return (
    <details className="audit-fold">
      <summary>
        <span className={cls}>{text.slice(0, FOLD_AT - 20)}…</span> <span className="muted">{t('audit.more', { count: text.length })}</span>
      </summary>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard */}
      <pre tabIndex={0}>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

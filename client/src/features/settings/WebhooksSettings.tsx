import { type FormEvent, Fragment, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { CopyField } from '../../ui/CopyField';
import { ConfirmDialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { CheckboxGroup, TextField } from '../../ui/Field';
import { QueryState } from '../../ui/QueryState';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace, useWorkspaceTime } from '../workspaces/current-workspace';
import {
  type DeliveryStatus,
  useCreateWebhook,
  useDeleteWebhook,
  usePingWebhook,
  useRedeliverWebhook,
  useRotateWebhookSecret,
  useUpdateWebhook,
  useWebhookDeliveries,
  useWebhookEndpoints,
  WEBHOOK_EVENTS,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEvent,
} from './webhooks-api';
import './webhooks.css';

/** Why the server refused a URL (`details[0].rule` of a 422), as the form says it. */
const URL_RULES = ['not_https', 'private_address', 'credentials_in_url', 'unresolvable', 'invalid_url'] as const;

function urlError(t: (key: string) => string, error: unknown): string | null {
  if (!isApiError(error)) return null;
  const detail = Array.isArray(error.details) ? (error.details[0] as { field?: string; rule?: string } | undefined) : undefined;
  if (detail?.field !== 'body.url') return null;
  const rule = URL_RULES.find((r) => r === detail.rule);
  return rule ? t(`webhooks.urlRefused.${rule}`) : t('webhooks.urlRefused.invalid_url');
}

export default function WebhooksSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('webhooks.title'));
  const { isAdmin } = useCurrentWorkspace();
  if (!isAdmin) {
    return (
      <section className="card">
        <h2 className="section-title">{t('webhooks.title')}</h2>
        <p className="muted">{t('webhooks.adminsOnly')}</p>
      </section>
    );
  }
  return <WebhooksPanel />;
}

interface ShownSecret {
  url: string;
  value: string;
  rotated: boolean;
}

function WebhooksPanel() {
  const { t } = useTranslation();
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const secretRef = useRef<HTMLElement>(null);
  // Bring the one-time secret into view and move focus to it.
  useEffect(() => {
    if (!secret) return;
    secretRef.current?.scrollIntoView({ block: 'nearest' });
    secretRef.current?.focus();
  }, [secret]);
  return (
    <div className="stack-lg">
      {secret ? (
        <section ref={secretRef} tabIndex={-1} className="card callout-warning" aria-labelledby="webhook-secret-title">
          <h2 id="webhook-secret-title" className="section-title">
            {secret.rotated ? t('webhooks.secret.rotatedTitle') : t('webhooks.secret.title')}
          </h2>
          <p className="wh-url">{secret.url}</p>
          <p className="alert alert-warning">{t('webhooks.secret.warning')}</p>
          <CopyField label={t('webhooks.secret.label')} value={secret.value} />
          <div>
            <Button onClick={() => setSecret(null)}>{t('webhooks.secret.done')}</Button>
          </div>
        </section>
      ) : null}
      <AddEndpointSection onCreated={(url, value) => setSecret({ url, value, rotated: false })} />
      <EndpointListSection onRotated={(url, value) => setSecret({ url, value, rotated: true })} />
    </div>
  );
}

function eventOptions(t: (key: string) => string) {
  return WEBHOOK_EVENTS.map((event) => ({ value: event, label: `${t(`webhooks.events.${event}`)} · ${event}` }));
}

function AddEndpointSection({ onCreated }: { onCreated: (url: string, secret: string) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const create = useCreateWebhook(workspace.id);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['variant.published', 'variant.failed']);
  const [urlProblem, setUrlProblem] = useState<string | undefined>();
  const [eventsProblem, setEventsProblem] = useState<string | undefined>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = url.trim();
    setUrlProblem(trimmed ? undefined : t('webhooks.form.urlRequired'));
    setEventsProblem(events.length ? undefined : t('webhooks.form.pickEvent'));
    if (!trimmed || events.length === 0) return;
    create.mutate(
      { url: trimmed, description: description.trim(), events },
      {
        onSuccess: (result) => {
          onCreated(result.endpoint.url, result.secret);
          setUrl('');
          setDescription('');
          toast.success(t('webhooks.toast.created'));
        },
        onError: (error) => {
          const problem = urlError(t, error);
          if (problem) setUrlProblem(problem);
          else toast.error(errorMessage(t, error));
        },
      },
    );
  }

  return (
    <section className="card" aria-labelledby="add-webhook-title">
      <h2 id="add-webhook-title" className="section-title">
        {t('webhooks.form.title')}
      </h2>
      <p className="muted">{t('webhooks.form.body')}</p>
      <form className="stack form-narrow" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('webhooks.form.url')}
          hint={t('webhooks.form.urlHint')}
          required
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          maxLength={2000}
          placeholder="https://example.com/sotong-webhook"
          value={url}
          error={urlProblem}
          onChange={(e) => {
            setUrl(e.target.value);
            setUrlProblem(undefined);
          }}
          className="input-mono"
        />
        <TextField
          label={t('webhooks.form.description')}
          hint={t('webhooks.form.descriptionHint')}
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <CheckboxGroup
          legend={t('webhooks.form.events')}
          options={eventOptions(t)}
          value={events}
          onChange={(next) => {
            setEvents(next);
            setEventsProblem(undefined);
          }}
          error={eventsProblem}
          inline={false}
        />
        <div>
          <Button type="submit" variant="primary" loading={create.isPending}>
            {t('webhooks.form.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}

type Pending = { kind: 'delete' | 'rotate'; endpoint: WebhookEndpoint } | null;

function EndpointListSection({ onRotated }: { onRotated: (url: string, secret: string) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const endpoints = useWebhookEndpoints(workspace.id);
  const remove = useDeleteWebhook(workspace.id);
  const rotate = useRotateWebhookSecret(workspace.id);
  const [pending, setPending] = useState<Pending>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());

  const toggle = (id: string, value?: boolean) =>
    setOpen((current) => {
      const next = new Set(current);
      if (value ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  function confirm() {
    if (!pending) return;
    const { kind, endpoint } = pending;
    if (kind === 'delete') {
      remove.mutate(endpoint.id, {
        onSuccess: () => {
          toast.success(t('webhooks.toast.deleted'));
          setPending(null);
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      });
    } else {
      rotate.mutate(endpoint.id, {
        onSuccess: (result) => {
          setPending(null);
          onRotated(result.endpoint.url, result.secret);
          toast.success(t('webhooks.toast.rotated'));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      });
    }
  }

  return (
    <section className="card" aria-labelledby="webhooks-list-title">
      <h2 id="webhooks-list-title" className="section-title">
        {t('webhooks.list.title')}
      </h2>
      <QueryState
        query={endpoints}
        isEmpty={(rows) => rows.length === 0}
        emptyTitle={t('webhooks.list.emptyTitle')}
        emptyBody={t('webhooks.list.emptyBody')}
      >
        {(rows) => (
          <ul className="wh-list">
            {rows.map((endpoint) => (
              <EndpointItem
                key={endpoint.id}
                endpoint={endpoint}
                open={open.has(endpoint.id)}
                onToggle={(value) => toggle(endpoint.id, value)}
                onDelete={() => setPending({ kind: 'delete', endpoint })}
                onRotate={() => setPending({ kind: 'rotate', endpoint })}
              />
            ))}
          </ul>
        )}
      </QueryState>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'rotate' ? t('webhooks.rotate.title') : t('webhooks.delete.title')}
        message={
          pending?.kind === 'rotate'
            ? t('webhooks.rotate.confirm', { url: pending.endpoint.url })
            : t('webhooks.delete.confirm', { url: pending?.endpoint.url ?? '' })
        }
        confirmLabel={pending?.kind === 'rotate' ? t('webhooks.rotate.action') : t('webhooks.delete.action')}
        danger={pending?.kind !== 'rotate'}
        busy={remove.isPending || rotate.isPending}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
    </section>
  );
}

function StatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return <span className={`wh-badge wh-${status}`}>{t(`webhooks.status.${status}`)}</span>;
}

function EndpointItem({
  endpoint,
  open,
  onToggle,
  onDelete,
  onRotate,
}: {
  endpoint: WebhookEndpoint;
  open: boolean;
  onToggle: (value?: boolean) => void;
  onDelete: () => void;
  onRotate: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const time = useWorkspaceTime();
  const { workspace } = useCurrentWorkspace();
  const update = useUpdateWebhook(workspace.id);
  const ping = usePingWebhook(workspace.id);
  const titleId = useId();
  const logId = useId();
  const last = endpoint.lastDelivery;

  function setEnabled(enabled: boolean) {
    update.mutate(
      { id: endpoint.id, enabled },
      {
        onSuccess: () => toast.success(enabled ? t('webhooks.toast.enabled') : t('webhooks.toast.disabled')),
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  function sendPing() {
    ping.mutate(endpoint.id, {
      onSuccess: () => {
        toast.info(t('webhooks.toast.pinged'));
        onToggle(true);
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  return (
    <li>
      <article className="wh-endpoint" aria-labelledby={titleId}>
        <div className="wh-head">
          <h3 id={titleId} className="wh-url">
            {endpoint.url}
          </h3>
          <span className={`wh-badge ${endpoint.enabled ? 'wh-delivered' : 'wh-off'}`}>
            {endpoint.enabled ? t('webhooks.list.active') : t('webhooks.list.disabled')}
          </span>
        </div>
        {endpoint.description ? <p className="wh-description">{endpoint.description}</p> : null}
        <ul className="wh-events" aria-label={t('webhooks.list.events')}>
          {endpoint.events.map((event) => (
            <li key={event} className="tag">
              {t(`webhooks.events.${event}`)}
            </li>
          ))}
        </ul>
        <dl className="wh-meta">
          <div>
            <dt>{t('webhooks.list.secret')}</dt>
            <dd className="mono">{endpoint.secretPrefix}…</dd>
          </div>
          <div>
            <dt>{t('webhooks.list.lastDelivery')}</dt>
            <dd>
              {last ? (
                <>
                  <StatusBadge status={last.status} /> {last.lastStatus ? <span className="mono">{last.lastStatus}</span> : null}{' '}
                  {time.dateTime(last.createdAt)}
                </>
              ) : (
                t('webhooks.list.never')
              )}
            </dd>
          </div>
        </dl>
        <div className="wh-actions">
          <Button size="sm" onClick={sendPing} loading={ping.isPending} disabled={!endpoint.enabled}>
            {t('webhooks.actions.ping')}
          </Button>
          <Button size="sm" onClick={() => setEnabled(!endpoint.enabled)} loading={update.isPending}>
            {endpoint.enabled ? t('webhooks.actions.disable') : t('webhooks.actions.enable')}
          </Button>
          <Button size="sm" onClick={onRotate}>
            {t('webhooks.actions.rotate')}
          </Button>
          <Button size="sm" variant="ghost" className="text-danger" onClick={onDelete}>
            {t('webhooks.actions.delete')}
          </Button>
          <span className="spacer" />
          <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={logId} onClick={() => onToggle()}>
            {open ? t('webhooks.actions.hideDeliveries') : t('webhooks.actions.showDeliveries')}
          </Button>
        </div>
        <div id={logId} hidden={!open}>
          {open ? <DeliveriesLog endpoint={endpoint} /> : null}
        </div>
      </article>
    </li>
  );
}

function DeliveriesLog({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const toast = useToast();
  const time = useWorkspaceTime();
  const { workspace } = useCurrentWorkspace();
  const log = useWebhookDeliveries(workspace.id, endpoint.id);
  const redeliver = useRedeliverWebhook(workspace.id, endpoint.id);
  const [details, setDetails] = useState<string | null>(null);

  function send(delivery: WebhookDelivery) {
    redeliver.mutate(delivery.id, {
      onSuccess: () => toast.info(t('webhooks.toast.redelivered')),
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  if (log.isPending) return <LoadingState label={t('webhooks.log.loading')} rows={2} />;
  if (log.isError)
    return (
      <p className="alert alert-error" role="alert">
        {errorMessage(t, log.error)}
      </p>
    );
  const deliveries = log.data.pages.flatMap((p) => p.deliveries);
  if (deliveries.length === 0) {
    return (
      <EmptyState headingLevel={3} title={t('webhooks.log.emptyTitle')}>
        <p>{t('webhooks.log.emptyBody')}</p>
      </EmptyState>
    );
  }
  return (
    <div className="wh-log">
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('webhooks.log.caption', { url: endpoint.url })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.log.event')}</th>
              <th scope="col">{t('webhooks.log.status')}</th>
              <th scope="col">{t('webhooks.log.attempts')}</th>
              <th scope="col">{t('webhooks.log.response')}</th>
              <th scope="col">{t('webhooks.log.time')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <Fragment key={d.id}>
                <tr>
                  <td>
                    <div className="cell-primary mono">{d.event}</div>
                    {d.redeliveryOfId ? <div className="cell-secondary">{t('webhooks.log.redelivery')}</div> : null}
                  </td>
                  <td>
                    <StatusBadge status={d.status} />
                    {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 ? (
                      <div className="cell-secondary">{t('webhooks.log.nextTry', { time: time.dateTime(d.nextAttemptAt) })}</div>
                    ) : null}
                  </td>
                  <td>{d.attempts}</td>
                  <td className="mono">{d.lastStatus ?? (d.lastError ? t('webhooks.log.noAnswer') : '—')}</td>
                  <td className="nowrap">{time.dateTime(d.createdAt)}</td>
                  <td className="cell-actions">
                    <div className="wh-row-actions">
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-expanded={details === d.id}
                        onClick={() => setDetails(details === d.id ? null : d.id)}
                        disabled={d.tries.length === 0}
                      >
                        {t('webhooks.log.details')}
                      </Button>
                      <Button
                        size="sm"
                        onClick={() => send(d)}
                        disabled={!endpoint.enabled || d.status === 'pending' || d.status === 'delivering'}
                        loading={redeliver.isPending && redeliver.variables === d.id}
                      >
                        {t('webhooks.log.redeliver')}
                      </Button>
                    </div>
                  </td>
                </tr>
                {details === d.id ? (
                  <tr className="wh-details">
                    <td colSpan={6}>
                      <ol className="wh-tries">
                        {d.tries.map((a) => (
                          <li key={a.number}>
                            <div className="wh-try-head">
                              <strong>{t('webhooks.log.attempt', { n: a.number })}</strong>
                              <span>{time.dateTime(a.startedAt)}</span>
                              <span className="mono">{a.responseStatus ?? t('webhooks.log.noAnswer')}</span>
                              <span>{t('webhooks.log.duration', { ms: a.durationMs })}</span>
                            </div>
                            {a.error ? <p className="wh-try-error">{a.error}</p> : null}
                            {a.responseBody ? <pre className="wh-try-body">{a.responseBody}</pre> : null}
                          </li>
                        ))}
                      </ol>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {log.hasNextPage ? (
        <Button size="sm" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
          {t('webhooks.log.more')}
        </Button>
      ) : null}
    </div>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fillSavedReply } from '../../../../server/src/modules/inbox/rules/reply-rules';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { TextField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import {
  CATEGORIES,
  type Category,
  type Department,
  type SavedReply,
  SENTIMENTS,
  type Sentiment,
  useDeleteSavedReply,
  useDepartments,
  useSaveDepartment,
  useSavedReplies,
  useSaveSavedReply,
} from './api';
import './inbox.css';

/** Settings › Inbox: response deadlines and round-robin (admins), departments (admins), saved replies (admins and community managers). */
export default function InboxSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('inbox.settings.title'));
  const { workspace, isAdmin, roles, session } = useCurrentWorkspace();
  const canWork = isAdmin || roles.includes('community_manager');
  return (
    <div className="inbox-settings">
      <DeadlineSettings workspaceId={workspace.id} timeZone={workspace.timeZone} canEdit={isAdmin} />
      {canWork ? <RuleSettings workspaceId={workspace.id} canEdit={isAdmin} /> : null}
      <DepartmentSettings workspaceId={workspace.id} canEdit={isAdmin} />
      <SavedReplySettings workspaceId={workspace.id} canEdit={canWork} agent={session.user.name} />
    </div>
  );
}

// ---- deadlines and assignment (the ingestion module's settings API) ----

interface InboxSettingsData {
  businessHours: { days: number[]; start: string; end: string };
  urgentSameBusinessDay: boolean;
  otherTargetHours: number;
  autoAssign: boolean;
  timeZone: string;
}

function DeadlineSettings({ workspaceId, timeZone, canEdit }: { workspaceId: string; timeZone: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const id = useId();
  const queryClient = useQueryClient();
  const url = `/api/workspaces/${encodeURIComponent(workspaceId)}/inbox/settings`;
  const settings = useQuery({ queryKey: ['inbox', workspaceId, 'settings'], queryFn: () => api.get<InboxSettingsData>(url) });
  const save = useMutation({
    mutationFn: (input: Omit<InboxSettingsData, 'timeZone'>) => api.put<InboxSettingsData>(url, input),
    onSuccess: (data) => queryClient.setQueryData(['inbox', workspaceId, 'settings'], data),
  });
  const [draft, setDraft] = useState<Omit<InboxSettingsData, 'timeZone'> | null>(null);
  useEffect(() => {
    if (settings.data && !draft) {
      const { timeZone: _z, ...rest } = settings.data;
      setDraft(rest);
    }
  }, [settings.data, draft]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    save.mutate(draft, {
      onSuccess: () => toast.success(t('inbox.settings.settingsSaved')),
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('inbox.settings.deadlines')}
      </h2>
      <p className="muted">{t('inbox.settings.deadlinesHint', { zone: settings.data?.timeZone ?? timeZone })}</p>
      {!canEdit ? <p className="muted">{t('inbox.settings.adminOnly')}</p> : null}
      {settings.isPending || !draft ? (
        settings.isError ? (
          <p className="alert alert-error" role="alert">
            {errorMessage(t, settings.error)}
          </p>
        ) : (
          <LoadingState rows={2} />
        )
      ) : (
        <form className="inbox-settings-form" onSubmit={submit}>
          <fieldset className="wide" disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="field-label">{t('inbox.settings.days')}</legend>
            <div className="weekday-picks">
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <label key={d}>
                  <input
                    type="checkbox"
                    checked={draft.businessHours.days.includes(d)}
                    onChange={(e) =>
                      setDraft({
                        ...draft,
                        businessHours: {
                          ...draft.businessHours,
                          days: e.target.checked ? [...draft.businessHours.days, d].sort() : draft.businessHours.days.filter((x) => x !== d),
                        },
                      })
                    }
                  />
                  {t(`inbox.settings.weekday.${d}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <TextField
            label={t('inbox.settings.start')}
            type="time"
            disabled={!canEdit}
            value={draft.businessHours.start}
            onChange={(e) => setDraft({ ...draft, businessHours: { ...draft.businessHours, start: e.target.value } })}
          />
          <TextField
            label={t('inbox.settings.end')}
            type="time"
            disabled={!canEdit}
            value={draft.businessHours.end}
            onChange={(e) => setDraft({ ...draft, businessHours: { ...draft.businessHours, end: e.target.value } })}
          />
          <TextField
            label={t('inbox.settings.otherHours')}
            type="number"
            min={1}
            max={168}
            disabled={!canEdit}
            value={draft.otherTargetHours}
            onChange={(e) => setDraft({ ...draft, otherTargetHours: Number(e.target.value) || 1 })}
          />
          <label className="checkbox wide">
            <input
              type="checkbox"
              disabled={!canEdit}
              checked={draft.urgentSameBusinessDay}
              onChange={(e) => setDraft({ ...draft, urgentSameBusinessDay: e.target.checked })}
            />
            <span>{t('inbox.settings.urgent')}</span>
          </label>
          <label className="checkbox wide">
            <input
              type="checkbox"
              disabled={!canEdit}
              checked={draft.autoAssign}
              onChange={(e) => setDraft({ ...draft, autoAssign: e.target.checked })}
            />
            <span>{t('inbox.settings.autoAssign')}</span>
          </label>
          {canEdit ? (
            <div className="wide">
              <Button type="submit" variant="primary" loading={save.isPending}>
                {t('inbox.settings.saveSettings')}
              </Button>
            </div>
          ) : null}
        </form>
      )}
    </section>
  );
}

// ---- classification rules (the ingestion module's API) ----

interface Rule {
  id: string;
  phrase: string;
  locale: 'ko' | 'en' | null;
  category: Category | null;
  sentiment: Sentiment | null;
  weight: number;
}

interface TryResult {
  category: Category;
  sentiment: Sentiment;
  reason: { terms: Array<{ term: string; source: 'rule' | 'lexicon'; category?: Category; sentiment?: Sentiment }> };
}

function RuleSettings({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const id = useId();
  const queryClient = useQueryClient();
  const url = `/api/workspaces/${encodeURIComponent(workspaceId)}/inbox/rules`;
  const key = ['inbox', workspaceId, 'rules'];
  const rules = useQuery({ queryKey: key, queryFn: () => api.get<{ rules: Rule[] }>(url).then((r) => r.rules) });
  const add = useMutation({
    mutationFn: (input: Omit<Rule, 'id'>) => api.post<Rule>(url, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: (ruleId: string) => api.delete(`${url}/${encodeURIComponent(ruleId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const tryIt = useMutation({ mutationFn: (text: string) => api.post<TryResult>(`${url}/classify`, { text }) });
  const [draft, setDraft] = useState<Omit<Rule, 'id'>>({ phrase: '', locale: null, category: 'complaint', sentiment: null, weight: 1 });
  const [sample, setSample] = useState('');
  const [query, setQuery] = useState('');
  const shown = (rules.data ?? []).filter((r) => !query.trim() || r.phrase.toLowerCase().includes(query.trim().toLowerCase()));

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(
      { ...draft, phrase: draft.phrase.trim() },
      {
        onSuccess: () => {
          setDraft({ ...draft, phrase: '' });
          toast.success(t('inbox.settings.ruleAdded'));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  const effect = (r: Pick<Rule, 'category' | 'sentiment'>) =>
    [r.category ? t(`inbox.category.${r.category}`) : null, r.sentiment ? t(`inbox.sentiment.${r.sentiment}`) : null].filter(Boolean).join(' · ');

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('inbox.settings.rules')}
      </h2>
      <p className="muted">{t('inbox.settings.rulesHint')}</p>
      {!canEdit ? <p className="muted">{t('inbox.settings.adminOnly')}</p> : null}
      <form
        className="inbox-settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (sample.trim()) tryIt.mutate(sample.trim(), { onError: (error) => toast.error(errorMessage(t, error)) });
        }}
      >
        <TextField label={t('inbox.settings.tryLabel')} value={sample} maxLength={5000} onChange={(e) => setSample(e.target.value)} />
        <div>
          <Button type="submit" loading={tryIt.isPending} disabled={!sample.trim()}>
            {t('inbox.settings.try')}
          </Button>
        </div>
        {tryIt.data ? (
          <p className="wide" role="status">
            {t('inbox.settings.tryResult', {
              category: t(`inbox.category.${tryIt.data.category}`),
              sentiment: t(`inbox.sentiment.${tryIt.data.sentiment}`),
              terms: tryIt.data.reason.terms.map((x) => x.term).join(', ') || t('inbox.settings.noTerms'),
            })}
          </p>
        ) : null}
      </form>
      {rules.isPending ? (
        <LoadingState rows={2} />
      ) : (
        <>
          <div style={{ marginTop: 14, maxWidth: 320 }}>
            <TextField label={t('inbox.settings.ruleSearch')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          <p className="muted" style={{ marginTop: 6 }}>
            {t('inbox.settings.ruleCount', { count: shown.length, total: rules.data?.length ?? 0 })}
          </p>
          <ul className="inbox-settings-list rule-list">
            {shown.map((r) => (
              <li key={r.id}>
                <div className="grow">
                  <strong>{r.phrase}</strong> <span className="muted">{r.locale ? t(`languages.${r.locale}`) : t('inbox.settings.anyLanguage')}</span>
                </div>
                <span className="inbox-chip">{effect(r)}</span>
                <span className="muted">{t('inbox.settings.weightShort', { weight: r.weight })}</span>
                {canEdit ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t('inbox.settings.deleteRule', { phrase: r.phrase })}
                    onClick={() => remove.mutate(r.id, { onError: (error) => toast.error(errorMessage(t, error)) })}
                  >
                    {t('inbox.settings.delete')}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {canEdit ? (
        <form className="inbox-settings-form" onSubmit={submit}>
          <TextField
            label={t('inbox.settings.phrase')}
            value={draft.phrase}
            maxLength={100}
            required
            onChange={(e) => setDraft({ ...draft, phrase: e.target.value })}
          />
          <RuleSelect
            label={t('inbox.settings.ruleLanguage')}
            value={draft.locale ?? ''}
            options={[
              { value: '', label: t('inbox.settings.anyLanguage') },
              { value: 'ko', label: t('languages.ko') },
              { value: 'en', label: t('languages.en') },
            ]}
            onChange={(v) => setDraft({ ...draft, locale: v === 'ko' || v === 'en' ? v : null })}
          />
          <RuleSelect
            label={t('inbox.filters.category')}
            value={draft.category ?? ''}
            options={[{ value: '', label: t('inbox.settings.noChange') }, ...CATEGORIES.map((c) => ({ value: c, label: t(`inbox.category.${c}`) }))]}
            onChange={(v) => setDraft({ ...draft, category: (v || null) as Category | null })}
          />
          <RuleSelect
            label={t('inbox.filters.sentiment')}
            value={draft.sentiment ?? ''}
            options={[{ value: '', label: t('inbox.settings.noChange') }, ...SENTIMENTS.map((c) => ({ value: c, label: t(`inbox.sentiment.${c}`) }))]}
            onChange={(v) => setDraft({ ...draft, sentiment: (v || null) as Sentiment | null })}
          />
          <TextField
            label={t('inbox.settings.weight')}
            type="number"
            min={1}
            max={10}
            value={draft.weight}
            onChange={(e) => setDraft({ ...draft, weight: Math.min(10, Math.max(1, Number(e.target.value) || 1)) })}
          />
          <div>
            <Button type="submit" variant="primary" loading={add.isPending} disabled={!draft.phrase.trim() || (!draft.category && !draft.sentiment)}>
              {t('inbox.settings.addRule')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function RuleSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

// ---- departments ----

function DepartmentSettings({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const id = useId();
  const [showArchived, setShowArchived] = useState(false);
  const departments = useDepartments(workspaceId, showArchived);
  const save = useSaveDepartment(workspaceId);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [editing, setEditing] = useState<Department | null>(null);

  function add(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      { name: name.trim(), email: email.trim() },
      {
        onSuccess: () => {
          setName('');
          setEmail('');
          toast.success(t('inbox.settings.departmentAdded'));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  function update(d: Department, change: { name?: string; email?: string; archived?: boolean }) {
    save.mutate(
      { id: d.id, ...change },
      {
        onSuccess: () => {
          setEditing(null);
          toast.success(t('inbox.settings.departmentSaved'));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('inbox.settings.departments')}
      </h2>
      <p className="muted">{t('inbox.settings.departmentsHint')}</p>
      {!canEdit ? <p className="muted">{t('inbox.settings.adminOnly')}</p> : null}
      <label className="checkbox" style={{ marginTop: 8 }}>
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        <span>{t('inbox.settings.showArchived')}</span>
      </label>
      {departments.isPending ? (
        <LoadingState rows={2} />
      ) : (departments.data ?? []).length === 0 ? (
        <p className="muted" style={{ marginTop: 12 }}>
          {t('inbox.settings.noDepartments')}
        </p>
      ) : (
        <ul className="inbox-settings-list">
          {(departments.data ?? []).map((d) =>
            editing?.id === d.id ? (
              <li key={d.id}>
                <DepartmentEditor department={d} busy={save.isPending} onCancel={() => setEditing(null)} onSave={(change) => update(d, change)} />
              </li>
            ) : (
              <li key={d.id}>
                <div className="grow">
                  <strong>{d.name}</strong> {d.archivedAt ? <span className="inbox-chip">{t('inbox.settings.archived')}</span> : null}
                  <div className="muted">{d.email}</div>
                </div>
                {canEdit ? (
                  <>
                    <Button size="sm" onClick={() => setEditing(d)}>
                      {t('inbox.settings.edit')}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => update(d, { archived: !d.archivedAt })}>
                      {d.archivedAt ? t('inbox.settings.restore') : t('inbox.settings.archive')}
                    </Button>
                  </>
                ) : null}
              </li>
            ),
          )}
        </ul>
      )}
      {canEdit ? (
        <form className="inbox-settings-form" onSubmit={add}>
          <TextField label={t('inbox.settings.departmentName')} value={name} maxLength={80} required onChange={(e) => setName(e.target.value)} />
          <TextField label={t('inbox.settings.departmentEmail')} type="email" value={email} required onChange={(e) => setEmail(e.target.value)} />
          <div>
            <Button type="submit" variant="primary" loading={save.isPending && !editing} disabled={!name.trim() || !email.trim()}>
              {t('inbox.settings.addDepartment')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function DepartmentEditor({
  department,
  busy,
  onSave,
  onCancel,
}: {
  department: Department;
  busy: boolean;
  onSave: (change: { name: string; email: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(department.name);
  const [email, setEmail] = useState(department.email);
  return (
    <form
      className="inbox-settings-form grow"
      style={{ marginTop: 0 }}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ name: name.trim(), email: email.trim() });
      }}
    >
      <TextField label={t('inbox.settings.departmentName')} value={name} required onChange={(e) => setName(e.target.value)} />
      <TextField label={t('inbox.settings.departmentEmail')} type="email" value={email} required onChange={(e) => setEmail(e.target.value)} />
      <div style={{ display: 'flex', gap: 8 }}>
        <Button type="submit" variant="primary" size="sm" loading={busy}>
          {t('inbox.settings.save')}
        </Button>
        <Button size="sm" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

// ---- saved replies ----

function SavedReplySettings({ workspaceId, canEdit, agent }: { workspaceId: string; canEdit: boolean; agent: string }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const id = useId();
  const replies = useSavedReplies(workspaceId);
  const save = useSaveSavedReply(workspaceId);
  const remove = useDeleteSavedReply(workspaceId);
  const [draft, setDraft] = useState<{ id?: string; title: string; body: string; locale: 'ko' | 'en' }>({
    title: '',
    body: '',
    locale: i18n.resolvedLanguage?.startsWith('en') ? 'en' : 'ko',
  });
  const [deleting, setDeleting] = useState<SavedReply | null>(null);
  const preview = fillSavedReply(draft.body, { name: t('inbox.settings.previewName'), handle: t('inbox.settings.previewHandle'), agent });

  function submit(event: FormEvent) {
    event.preventDefault();
    const editing = Boolean(draft.id);
    save.mutate(
      { ...draft, title: draft.title.trim(), body: draft.body.trim() },
      {
        onSuccess: () => {
          toast.success(t(editing ? 'inbox.settings.savedUpdated' : 'inbox.settings.savedAdded'));
          setDraft({ title: '', body: '', locale: draft.locale });
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  const grouped = (['ko', 'en'] as const).map((locale) => ({ locale, rows: (replies.data ?? []).filter((r) => r.locale === locale) }));

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('inbox.settings.saved')}
      </h2>
      <p className="muted">
        {t('inbox.settings.savedHint', { name: '{{name}}', handle: '{{handle}}', agent: '{{agent}}', interpolation: { escapeValue: false } })}
      </p>
      {replies.isPending ? (
        <LoadingState rows={2} />
      ) : (replies.data ?? []).length === 0 ? (
        <p className="muted" style={{ marginTop: 12 }}>
          {t('inbox.settings.noSaved')}
        </p>
      ) : (
        grouped
          .filter((g) => g.rows.length)
          .map((g) => (
            <div key={g.locale} style={{ marginTop: 14 }}>
              <h3 className="facet-label">{t(`languages.${g.locale}`)}</h3>
              <ul className="inbox-settings-list">
                {g.rows.map((r) => (
                  <li key={r.id}>
                    <div className="grow">
                      <strong>{r.title}</strong>
                      <div className="saved-preview">{r.body}</div>
                    </div>
                    {canEdit ? (
                      <>
                        <Button size="sm" onClick={() => setDraft({ id: r.id, title: r.title, body: r.body, locale: r.locale })}>
                          {t('inbox.settings.edit')}
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => setDeleting(r)}>
                          {t('inbox.settings.delete')}
                        </Button>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))
      )}
      {canEdit ? (
        <form className="inbox-settings-form" onSubmit={submit}>
          <TextField
            label={t('inbox.settings.savedTitle')}
            value={draft.title}
            maxLength={80}
            required
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          />
          <div className="field">
            <label className="field-label" htmlFor={`${id}-locale`}>
              {t('inbox.settings.savedLocale')}
            </label>
            <select
              id={`${id}-locale`}
              className="input select"
              value={draft.locale}
              onChange={(e) => setDraft({ ...draft, locale: e.target.value === 'en' ? 'en' : 'ko' })}
            >
              <option value="ko">{t('languages.ko')}</option>
              <option value="en">{t('languages.en')}</option>
            </select>
          </div>
          <div className="field wide">
            <label className="field-label" htmlFor={`${id}-body`}>
              {t('inbox.settings.savedBody')}
            </label>
            <textarea
              id={`${id}-body`}
              className="input"
              rows={3}
              maxLength={5000}
              required
              value={draft.body}
              onChange={(e) => setDraft({ ...draft, body: e.target.value })}
            />
            {draft.body.trim() ? <p className="field-hint">{t('inbox.settings.preview', { text: preview })}</p> : null}
          </div>
          <div className="wide" style={{ display: 'flex', gap: 8 }}>
            <Button type="submit" variant="primary" loading={save.isPending} disabled={!draft.title.trim() || !draft.body.trim()}>
              {draft.id ? t('inbox.settings.save') : t('inbox.settings.addSaved')}
            </Button>
            {draft.id ? <Button onClick={() => setDraft({ title: '', body: '', locale: draft.locale })}>{t('common.cancel')}</Button> : null}
          </div>
        </form>
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t('inbox.settings.deleteSavedTitle')}
        message={t('inbox.settings.deleteSavedBody', { title: deleting?.title ?? '' })}
        confirmLabel={t('inbox.settings.delete')}
        busy={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              setDeleting(null);
              toast.success(t('inbox.settings.savedDeleted'));
            },
            onError: (error) => toast.error(errorMessage(t, error)),
          })
        }
      />
    </section>
  );
}

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { CopyField } from '../../ui/CopyField';
import { ConfirmDialog, Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace, useWorkspaceTime } from '../workspaces/current-workspace';
import { draftOf, type FeedFilterDraft, FeedFilterFields, filtersOf, useFeedSummary } from './FeedFilters';
import { exportUrl, useCalendarFeed, useChangeFeedFilters, useDeleteFeed, useImportPlan, useRotateFeed } from './planning-api';
import { useCanPlan } from './planning-shared';
import type { ImportDryRun, ImportProblem } from './planning-types';

const HEADERS = {
  ko: ['게시물키', '제목', '채널', '세그먼트', '캠페인', '예약시각', '본문', '링크', '첫댓글', '라벨', '미디어'],
  en: ['post_key', 'title', 'channel', 'segment', 'campaign', 'scheduled_at', 'text', 'link', 'first_comment', 'labels', 'media'],
} as const;
const MAX_EXPORT_DAYS = 100;

export default function PlanToolsSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('planningSettings.tabs.planTools'));
  const canPlan = useCanPlan();
  return (
    <div className="stack-lg">
      {canPlan ? <ImportSection /> : null}
      <ExportSection />
      <FeedSection />
    </div>
  );
}

/* Dates */

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Today in a zone, as YYYY-MM-DD. */
function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return isoDay(new Date());
  }
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

/** The zone's UTC offset on that day (`+09:00`), read at noon UTC. */
function offsetOn(day: string, timeZone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(`${day}T12:00:00Z`))
      .find((p) => p.type === 'timeZoneName')?.value;
    const match = part?.match(/GMT([+-]\d{2}:\d{2})/);
    return match?.[1] ?? '+00:00';
  } catch {
    return '+00:00';
  }
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function templateHref(lang: 'ko' | 'en', timeZone: string): string {
  const when = `${addDays(todayIn(timeZone), 7)} 09:00`;
  const example =
    lang === 'ko'
      ? [
          'winter-1',
          '겨울 한정 라떼 출시',
          '소통 커피 X',
          '서울 20대',
          '겨울 시즌 음료',
          when,
          '따뜻한 겨울 라떼가 돌아왔어요 ☕',
          'https://example.com/winter',
          '',
          '신메뉴;겨울',
          '',
        ]
      : [
          'winter-1',
          'Winter latte launch',
          'Sotong Coffee (EN)',
          'US English',
          '',
          when,
          'Our winter latte is back ☕',
          'https://example.com/winter',
          '',
          'launch;winter',
          '',
        ];
  const text = `\uFEFF${[HEADERS[lang], example].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
  return `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;
}

/* Import */

function ImportSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const importPlan = useImportPlan(workspace.id);
  const fileId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [report, setReport] = useState<ImportDryRun | null>(null);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (report || problems || failure) resultRef.current?.focus();
  }, [report, problems, failure]);

  function reset() {
    setReport(null);
    setProblems(null);
    setFailure(null);
  }

  function onFailure(error: unknown) {
    if (isApiError(error) && error.status === 422 && Array.isArray(error.details)) {
      setProblems(error.details as ImportProblem[]);
      return;
    }
    if (isApiError(error) && [400, 413, 415, 422].includes(error.status)) {
      setFailure(t('planTools.import.rejected', { message: error.message }));
      return;
    }
    setFailure(errorMessage(t, error));
  }

  function check(event: FormEvent) {
    event.preventDefault();
    reset();
    if (!file) {
      setFileError(t('planTools.import.pickFile'));
      return;
    }
    setFileError(undefined);
    importPlan.mutate(
      { file, mode: 'dry_run' },
      {
        onSuccess: (result) => {
          if (result.mode !== 'dry_run') return;
          setReport(result);
          setProblems(result.problems);
        },
        onError: onFailure,
      },
    );
  }

  function commit() {
    if (!file) return;
    importPlan.mutate(
      { file, mode: 'commit' },
      {
        onSuccess: (result) => {
          if (result.mode !== 'commit') return;
          toast.success(t('planTools.import.imported', { count: result.posts.length, variants: result.variants }));
          reset();
          setFile(null);
          if (inputRef.current) inputRef.current.value = '';
        },
        onError: (error) => {
          setReport(null);
          onFailure(error);
        },
      },
    );
  }

  const canCommit = report !== null && report.problems.length === 0 && report.posts > 0;

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title" className="section-title">
        {t('planTools.import.title')}
      </h2>
      <p className="muted">{t('planTools.import.body')}</p>
      <p className="field-hint">{t('planTools.import.columnsHelp')}</p>
      <p className="plan-actions plan-templates">
        <a className="btn btn-sm btn-secondary" href={templateHref('ko', workspace.timeZone)} download="sotong-plan-template-ko.csv">
          {t('planTools.import.templateKo')}
        </a>
        <a className="btn btn-sm btn-secondary" href={templateHref('en', workspace.timeZone)} download="sotong-plan-template-en.csv">
          {t('planTools.import.templateEn')}
        </a>
      </p>
      <form className="stack form-narrow" onSubmit={check}>
        <div className={`field${fileError ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={fileId}>
            {t('planTools.import.file')}
          </label>
          <input
            ref={inputRef}
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            className="input plan-file"
            aria-describedby={`${fileId}-hint${fileError ? ` ${fileId}-error` : ''}`}
            aria-invalid={fileError ? true : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileError(undefined);
              reset();
            }}
          />
          <p className="field-hint" id={`${fileId}-hint`}>
            {t('planTools.import.fileHint')}
          </p>
          {fileError ? (
            <p className="field-error" id={`${fileId}-error`}>
              {fileError}
            </p>
          ) : null}
        </div>
        <div>
          <Button type="submit" loading={importPlan.isPending && importPlan.variables?.mode === 'dry_run'}>
            {t('planTools.import.check')}
          </Button>
        </div>
      </form>

      <div ref={resultRef} tabIndex={-1} className="plan-import-result" aria-live="polite">
        {failure ? (
          <p className="alert alert-error" role="alert">
            {failure}
          </p>
        ) : null}
        {report ? (
          <div className="stack">
            <h3 className="subsection-title">{t('planTools.import.summaryTitle')}</h3>
            <dl className="plan-summary">
              <div>
                <dt>{t('planTools.import.rows')}</dt>
                <dd>{report.rows}</dd>
              </div>
              <div>
                <dt>{t('planTools.import.posts')}</dt>
                <dd>{report.posts}</dd>
              </div>
              <div>
                <dt>{t('planTools.import.variants')}</dt>
                <dd>{report.variants}</dd>
              </div>
            </dl>
            {report.problems.length === 0 ? <p className="alert plan-ok">{t('planTools.import.noProblems', { count: report.posts })}</p> : null}
          </div>
        ) : null}
        {problems && problems.length > 0 ? (
          <ProblemTable title={t('planTools.import.problemsTitle', { count: problems.length })} problems={problems} />
        ) : null}
        {report && report.warnings.length > 0 ? (
          <ProblemTable title={t('planTools.import.warningsTitle', { count: report.warnings.length })} problems={report.warnings} />
        ) : null}
        {canCommit ? (
          <div className="plan-actions">
            <Button variant="primary" loading={importPlan.isPending && importPlan.variables?.mode === 'commit'} onClick={commit}>
              {t('planTools.import.commit', { count: report.posts })}
            </Button>
          </div>
        ) : null}
      </div>
    </section>
  );
}

function ProblemTable({ title, problems }: { title: string; problems: ImportProblem[] }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h3 className="subsection-title">{title}</h3>
      <div className="table-wrap">
        <table className="table plan-problems">
          <thead>
            <tr>
              <th scope="col">{t('planTools.import.row')}</th>
              <th scope="col">{t('planTools.import.column')}</th>
              <th scope="col">{t('planTools.import.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id; the list is replaced wholesale
              <tr key={`${p.row}-${p.column}-${p.code}-${index}`}>
                <td className="nowrap">{p.row}</td>
                <td className="mono">{p.column}</td>
                <td>
                  <div>{t(`planTools.codes.${p.code}`, { defaultValue: p.message })}</div>
                  <div className="cell-secondary" lang="en">
                    {p.message}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/* Export */

function ExportSection() {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const zone = workspace.timeZone;
  const today = todayIn(zone);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addDays(today, 30));
  const [lang, setLang] = useState<'ko' | 'en'>((i18n.resolvedLanguage ?? i18n.language).startsWith('ko') ? 'ko' : 'en');

  let error: string | undefined;
  if (!from || !to) error = t('planTools.export.pickDates');
  else if (to < from) error = t('planTools.export.order');
  else if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1 > MAX_EXPORT_DAYS)
    error = t('planTools.export.tooLong', { max: MAX_EXPORT_DAYS });
  const end = to ? addDays(to, 1) : '';
  const href = error
    ? null
    : exportUrl(workspace.id, { from: `${from}T00:00:00${offsetOn(from, zone)}`, to: `${end}T00:00:00${offsetOn(end, zone)}`, lang });

  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title" className="section-title">
        {t('planTools.export.title')}
      </h2>
      <p className="muted">{t('planTools.export.body', { zone, max: MAX_EXPORT_DAYS })}</p>
      <div className="stack form-narrow">
        <div className="form-row">
          <TextField label={t('planTools.export.from')} type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField label={t('planTools.export.to')} type="date" required value={to} error={error} onChange={(e) => setTo(e.target.value)} />
        </div>
        <SelectField
          label={t('planTools.export.lang')}
          value={lang}
          options={[
            { value: 'ko', label: t('planTools.export.langKo') },
            { value: 'en', label: t('planTools.export.langEn') },
          ]}
          onChange={(e) => setLang(e.target.value === 'ko' ? 'ko' : 'en')}
          className="input-short"
        />
        <div>
          {href ? (
            <a className="btn btn-primary" href={href} download>
              {t('planTools.export.download')}
            </a>
          ) : (
            <Button variant="primary" disabled>
              {t('planTools.export.download')}
            </Button>
          )}
        </div>
      </div>
    </section>
  );
}

/* iCal feed */

function FeedSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const time = useWorkspaceTime();
  const feed = useCalendarFeed(workspace.id);
  const rotate = useRotateFeed(workspace.id);
  const change = useChangeFeedFilters(workspace.id);
  const remove = useDeleteFeed(workspace.id);
  const [url, setUrl] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'rotate' | 'off' | null>(null);
  /** The filters for a new link (inline) or in the open dialog (prefilled with the current ones). */
  const [draft, setDraft] = useState<FeedFilterDraft>(() => draftOf(null));
  const urlRef = useRef<HTMLDivElement>(null);
  const summary = useFeedSummary(feed.data?.filters);

  useEffect(() => {
    if (url) urlRef.current?.focus();
  }, [url]);

  function openDialog(kind: 'edit' | 'rotate') {
    setDraft(draftOf(feed.data?.filters));
    setDialog(kind);
  }

  function create() {
    rotate.mutate(filtersOf(draft), {
      onSuccess: (result) => {
        setUrl(result.url);
        setDialog(null);
        toast.success(t('planTools.feed.created'));
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  function saveFilters() {
    change.mutate(filtersOf(draft), {
      onSuccess: () => {
        setDialog(null);
        toast.success(t('planTools.feed.filters.saved'));
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  function turnOff() {
    remove.mutate(undefined, {
      onSuccess: () => {
        setUrl(null);
        setDialog(null);
        setDraft(draftOf(null));
        toast.success(t('planTools.feed.turnedOff'));
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  const filterDialog = dialog === 'edit' || dialog === 'rotate' ? dialog : null;

  return (
    <section className="card" aria-labelledby="feed-title">
      <h2 id="feed-title" className="section-title">
        {t('planTools.feed.title')}
      </h2>
      <p className="muted">{t('planTools.feed.body')}</p>
      {feed.isPending ? (
        <LoadingState rows={1} />
      ) : feed.isError ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(t, feed.error)}
        </p>
      ) : (
        <div className="stack">
          {url ? (
            <div ref={urlRef} tabIndex={-1} className="callout callout-warning stack">
              <p className="alert alert-warning">{t('planTools.feed.secretWarning')}</p>
              <CopyField label={t('planTools.feed.url')} value={url} />
              <h3 className="subsection-title">{t('planTools.feed.howTitle')}</h3>
              <ul className="hint-list">
                <li>{t('planTools.feed.howGoogle')}</li>
                <li>{t('planTools.feed.howApple')}</li>
                <li>{t('planTools.feed.howOutlook')}</li>
              </ul>
              <div>
                <Button onClick={() => setUrl(null)}>{t('planTools.feed.done')}</Button>
              </div>
            </div>
          ) : feed.data.exists ? (
            <p>{t('planTools.feed.active', { date: feed.data.createdAt ? time.dateTime(feed.data.createdAt) : '' })}</p>
          ) : (
            <p>{t('planTools.feed.none')}</p>
          )}
          {feed.data.exists ? (
            <p className="feed-summary">
              <strong>{t('planTools.feed.filters.contains')}</strong> <span>{summary}</span>
            </p>
          ) : (
            <>
              <h3 className="subsection-title">{t('planTools.feed.filters.title')}</h3>
              <FeedFilterFields value={draft} onChange={setDraft} />
            </>
          )}
          <div className="plan-actions">
            {feed.data.exists ? (
              <>
                <Button onClick={() => openDialog('edit')}>{t('planTools.feed.filters.change')}</Button>
                <Button onClick={() => openDialog('rotate')}>{t('planTools.feed.rotate')}</Button>
                <Button variant="ghost" className="text-danger" onClick={() => setDialog('off')}>
                  {t('planTools.feed.turnOff')}
                </Button>
              </>
            ) : (
              <Button variant="primary" loading={rotate.isPending} onClick={create}>
                {t('planTools.feed.create')}
              </Button>
            )}
          </div>
        </div>
      )}
      <Dialog
        open={filterDialog !== null}
        title={filterDialog === 'rotate' ? t('planTools.feed.rotateTitle') : t('planTools.feed.filters.changeTitle')}
        onClose={() => setDialog(null)}
        footer={
          <>
            <Button onClick={() => setDialog(null)}>{t('common.cancel')}</Button>
            {filterDialog === 'rotate' ? (
              <Button variant="danger" loading={rotate.isPending} onClick={create}>
                {t('planTools.feed.rotate')}
              </Button>
            ) : (
              <Button variant="primary" loading={change.isPending} onClick={saveFilters}>
                {t('planTools.feed.filters.save')}
              </Button>
            )}
          </>
        }
      >
        <div className="stack">
          <p>{filterDialog === 'rotate' ? t('planTools.feed.rotateConfirm') : t('planTools.feed.filters.changeBody')}</p>
          {filterDialog ? <FeedFilterFields value={draft} onChange={setDraft} /> : null}
        </div>
      </Dialog>
      <ConfirmDialog
        open={dialog === 'off'}
        title={t('planTools.feed.turnOffTitle')}
        message={t('planTools.feed.turnOffConfirm')}
        confirmLabel={t('planTools.feed.turnOff')}
        busy={remove.isPending}
        onConfirm={turnOff}
        onClose={() => setDialog(null)}
      />
    </section>
  );
}

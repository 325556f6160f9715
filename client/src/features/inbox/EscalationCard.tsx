import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { useToast } from '../../ui/Toast';
import { type Escalation, useUpdateEscalation } from './api';

/**
 * One escalation in the thread: department, note, status (open → in progress → resolved with a resolution
 * note) and, once resolved, "tell the customer".
 */
export function EscalationCard({
  workspaceId,
  escalation: e,
  canWork,
  formatTime,
  onTell,
}: {
  workspaceId: string;
  escalation: Escalation;
  canWork: boolean;
  formatTime: (iso: string) => string;
  onTell: (e: Escalation) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const noteId = useId();
  const update = useUpdateEscalation(workspaceId);
  const [resolving, setResolving] = useState(false);
  const [resolution, setResolution] = useState('');

  function move(status: Escalation['status'], resolutionNote?: string) {
    update.mutate(
      { id: e.id, status, resolutionNote },
      {
        onSuccess: () => {
          toast.success(t(`inbox.escalation.moved.${status}`));
          setResolving(false);
          setResolution('');
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <article className={`timeline-escalation esc-${e.status}`} aria-label={t('inbox.escalation.label', { department: e.department.name })}>
      <header className="esc-head">
        <span className="esc-title">{t('inbox.escalation.to', { department: e.department.name })}</span>
        <span className={`esc-status esc-status-${e.status}`}>{t(`inbox.escalation.status.${e.status}`)}</span>
      </header>
      <p className="esc-meta">
        {t('inbox.escalation.by', { name: e.createdBy.name, at: formatTime(e.createdAt) })}
        {' · '}
        {e.emailedAt
          ? t('inbox.escalation.emailed', { email: e.department.email })
          : t('inbox.escalation.mailPending', { email: e.department.email })}
      </p>
      <p className="esc-note">{e.note}</p>
      {e.resolutionNote ? (
        <div className="esc-resolution">
          <span className="esc-resolution-label">{t('inbox.escalation.resolution')}</span>
          <p>{e.resolutionNote}</p>
        </div>
      ) : null}
      {e.customerToldAt ? <p className="esc-told">{t('inbox.escalation.told', { at: formatTime(e.customerToldAt) })}</p> : null}
      {canWork ? (
        <div className="esc-actions">
          {e.status === 'open' ? (
            <Button size="sm" onClick={() => move('in_progress')} loading={update.isPending}>
              {t('inbox.escalation.start')}
            </Button>
          ) : null}
          {e.status !== 'resolved' ? (
            <Button size="sm" variant="primary" onClick={() => setResolving(true)}>
              {t('inbox.escalation.resolve')}
            </Button>
          ) : null}
          {e.status === 'resolved' && !e.customerToldAt ? (
            <Button size="sm" variant="primary" onClick={() => onTell(e)}>
              {t('inbox.escalation.tell')}
            </Button>
          ) : null}
          {e.status === 'resolved' ? (
            <Button size="sm" variant="ghost" onClick={() => move('in_progress')} loading={update.isPending}>
              {t('inbox.escalation.reopen')}
            </Button>
          ) : null}
        </div>
      ) : null}
      <Dialog
        open={resolving}
        title={t('inbox.escalation.resolveTitle')}
        onClose={() => setResolving(false)}
        footer={
          <>
            <Button onClick={() => setResolving(false)}>{t('common.cancel')}</Button>
            <Button variant="primary" disabled={!resolution.trim()} loading={update.isPending} onClick={() => move('resolved', resolution.trim())}>
              {t('inbox.escalation.resolve')}
            </Button>
          </>
        }
      >
        <div className="field">
          <label className="field-label" htmlFor={noteId}>
            {t('inbox.escalation.resolutionLabel')}
          </label>
          <textarea id={noteId} className="input" rows={4} value={resolution} onChange={(ev) => setResolution(ev.target.value)} />
          <p className="field-hint">{t('inbox.escalation.resolutionHint')}</p>
        </div>
      </Dialog>
    </article>
  );
}

/** "Escalate": choose a department, add a note; the department is e-mailed the customer's messages and a link. */
export function EscalateDialog({
  open,
  onClose,
  departments,
  isAdmin,
  settingsHref,
  busy,
  onSubmit,
  initialNote,
}: {
  open: boolean;
  onClose: () => void;
  departments: Array<{ id: string; name: string; email: string }>;
  isAdmin: boolean;
  settingsHref: string;
  busy: boolean;
  onSubmit: (input: { departmentId: string; note: string }) => void;
  initialNote: string;
}) {
  const { t } = useTranslation();
  const deptId = useId();
  const noteId = useId();
  const [departmentId, setDepartmentId] = useState('');
  const [note, setNote] = useState(initialNote);
  const chosen = departmentId || departments[0]?.id || '';
  return (
    <Dialog
      open={open}
      title={t('inbox.escalation.dialogTitle')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            disabled={!chosen || !note.trim()}
            loading={busy}
            onClick={() => onSubmit({ departmentId: chosen, note: note.trim() })}
          >
            {t('inbox.escalation.submit')}
          </Button>
        </>
      }
    >
      {departments.length === 0 ? (
        <p className="alert alert-warning">
          {isAdmin ? (
            <>
              {t('inbox.escalation.noDepartmentsAdmin')} <a href={settingsHref}>{t('inbox.escalation.addDepartments')}</a>
            </>
          ) : (
            t('inbox.escalation.noDepartments')
          )}
        </p>
      ) : (
        <div className="stack">
          <div className="field">
            <label className="field-label" htmlFor={deptId}>
              {t('inbox.escalation.department')}
            </label>
            <select id={deptId} className="input select" value={chosen} onChange={(e) => setDepartmentId(e.target.value)}>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.email})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={noteId}>
              {t('inbox.escalation.note')}
            </label>
            <textarea id={noteId} className="input" rows={4} value={note} onChange={(e) => setNote(e.target.value)} />
            <p className="field-hint">{t('inbox.escalation.noteHint')}</p>
          </div>
        </div>
      )}
    </Dialog>
  );
}

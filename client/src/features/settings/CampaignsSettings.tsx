import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/Field';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { fieldErrors, inUsePosts, useCampaignList, useDeleteCampaign, useSaveCampaign } from './planning-api';
import { ColorField, DeleteOrArchiveDialog, Swatch, useCanPlan } from './planning-shared';
import type { Campaign, InUsePost } from './planning-types';

export default function CampaignsSettings() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('planningSettings.tabs.campaigns'));
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const canEdit = useCanPlan();
  const campaigns = useCampaignList(workspace.id);
  const save = useSaveCampaign(workspace.id);
  const remove = useDeleteCampaign(workspace.id);
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Campaign | null>(null);
  const [inUse, setInUse] = useState<InUsePost[] | null>(null);
  const lang = i18n.resolvedLanguage ?? i18n.language;
  // Campaign dates are calendar days: format them in UTC so they never shift.
  const day = (d: string) => formatDate(`${d}T00:00:00Z`, 'UTC', lang);

  const visible = (campaigns.data ?? []).filter((c) => showArchived || !c.archivedAt);
  const archivedCount = (campaigns.data ?? []).filter((c) => c.archivedAt).length;

  function setArchived(campaign: Campaign, archived: boolean, after?: () => void) {
    save.mutate(
      { id: campaign.id, input: { archived } },
      {
        onSuccess: () => {
          toast.success(t(archived ? 'planningSettings.campaigns.archived' : 'planningSettings.campaigns.restored', { name: campaign.name }));
          after?.();
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  function closeDelete() {
    setDeleting(null);
    setInUse(null);
  }

  function confirmDelete() {
    if (!deleting) return;
    const campaign = deleting;
    remove.mutate(campaign.id, {
      onSuccess: () => {
        toast.success(t('planningSettings.campaigns.deleted', { name: campaign.name }));
        closeDelete();
      },
      onError: (error) => {
        const posts = inUsePosts(error);
        if (posts) setInUse(posts);
        else toast.error(errorMessage(t, error));
      },
    });
  }

  return (
    <section className="card" aria-labelledby="campaigns-title">
      <div className="plan-section-head">
        <div>
          <h2 id="campaigns-title" className="section-title">
            {t('planningSettings.campaigns.title')}
          </h2>
          <p className="muted">{t('planningSettings.campaigns.body')}</p>
          {!canEdit ? <p className="muted">{t('planningSettings.campaigns.readOnly')}</p> : null}
        </div>
        {canEdit ? (
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t('planningSettings.campaigns.new')}
          </Button>
        ) : null}
      </div>
      <label className="checkbox plan-show-archived">
        <input type="checkbox" checked={showArchived} onChange={(event) => setShowArchived(event.target.checked)} />
        <span>{t('planningSettings.common.showArchived', { count: archivedCount })}</span>
      </label>
      <QueryState
        query={campaigns}
        isEmpty={() => visible.length === 0}
        emptyTitle={t('planningSettings.campaigns.emptyTitle')}
        emptyBody={t('planningSettings.campaigns.emptyBody')}
      >
        {() => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('planningSettings.campaigns.name')}</th>
                  <th scope="col">{t('planningSettings.campaigns.period')}</th>
                  <th scope="col">{t('planningSettings.campaigns.goal')}</th>
                  {canEdit ? (
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {visible.map((campaign) => (
                  <tr key={campaign.id} className={campaign.archivedAt ? 'plan-row-archived' : undefined}>
                    <td>
                      <div className="cell-primary plan-name">
                        <Swatch color={campaign.color} />
                        {campaign.name}
                        {campaign.archivedAt ? <span className="tag">{t('planningSettings.common.archivedTag')}</span> : null}
                      </div>
                    </td>
                    <td className="nowrap">
                      {campaign.startsOn || campaign.endsOn
                        ? `${campaign.startsOn ? day(campaign.startsOn) : ''} – ${campaign.endsOn ? day(campaign.endsOn) : ''}`
                        : t('planningSettings.campaigns.noDates')}
                    </td>
                    <td>{campaign.goal || '—'}</td>
                    {canEdit ? (
                      <td className="cell-actions">
                        <div className="plan-actions">
                          <Button size="sm" variant="ghost" onClick={() => setEditing(campaign)}>
                            {t('planningSettings.common.edit')}
                            <span className="visually-hidden"> {campaign.name}</span>
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setArchived(campaign, !campaign.archivedAt)}>
                            {campaign.archivedAt ? t('planningSettings.common.restore') : t('planningSettings.common.archive')}
                            <span className="visually-hidden"> {campaign.name}</span>
                          </Button>
                          <Button size="sm" variant="ghost" className="text-danger" onClick={() => setDeleting(campaign)}>
                            {t('planningSettings.common.delete')}
                            <span className="visually-hidden"> {campaign.name}</span>
                          </Button>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {editing ? <CampaignDialog campaign={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <DeleteOrArchiveDialog
        open={deleting !== null}
        title={inUse ? t('planningSettings.campaigns.inUseTitle') : t('planningSettings.campaigns.deleteTitle')}
        name={deleting?.name ?? ''}
        inUse={inUse}
        deleting={remove.isPending}
        archiving={save.isPending}
        onDelete={confirmDelete}
        onArchive={() => deleting && setArchived(deleting, true, closeDelete)}
        onClose={closeDelete}
      />
    </section>
  );
}

function CampaignDialog({ campaign, onClose }: { campaign: Campaign | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const save = useSaveCampaign(workspace.id);
  const [name, setName] = useState(campaign?.name ?? '');
  const [color, setColor] = useState(campaign?.color ?? '#0E7490');
  const [startsOn, setStartsOn] = useState(campaign?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(campaign?.endsOn ?? '');
  const [goal, setGoal] = useState(campaign?.goal ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formId = `campaign-form-${campaign?.id ?? 'new'}`;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t('planningSettings.common.required');
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) local.color = t('planningSettings.common.colorInvalid');
    if (startsOn && endsOn && startsOn > endsOn) local.endsOn = t('planningSettings.campaigns.dateOrder');
    setErrors(local);
    if (Object.keys(local).length) return;
    save.mutate(
      {
        id: campaign?.id ?? null,
        input: { name: name.trim(), color: color.toUpperCase(), startsOn: startsOn || null, endsOn: endsOn || null, goal: goal.trim() },
      },
      {
        onSuccess: (saved) => {
          toast.success(t(campaign ? 'planningSettings.campaigns.saved' : 'planningSettings.campaigns.created', { name: saved.name }));
          onClose();
        },
        onError: (error) => {
          setErrors(fieldErrors(error));
          toast.error(errorMessage(t, error));
        },
      },
    );
  }

  return (
    <Dialog
      open
      title={campaign ? t('planningSettings.campaigns.editTitle', { name: campaign.name }) : t('planningSettings.campaigns.newTitle')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" loading={save.isPending}>
            {campaign ? t('common.save') : t('planningSettings.campaigns.create')}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack plan-form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('planningSettings.campaigns.name')}
          required
          maxLength={80}
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <ColorField label={t('planningSettings.common.color')} value={color} onChange={setColor} error={errors.color} />
        <div className="form-row">
          <TextField
            label={t('planningSettings.campaigns.startsOn')}
            type="date"
            value={startsOn}
            error={errors.startsOn}
            onChange={(e) => setStartsOn(e.target.value)}
          />
          <TextField
            label={t('planningSettings.campaigns.endsOn')}
            type="date"
            value={endsOn}
            error={errors.endsOn}
            onChange={(e) => setEndsOn(e.target.value)}
          />
        </div>
        <div className={`field${errors.goal ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={`${formId}-goal`}>
            {t('planningSettings.campaigns.goal')}
          </label>
          <textarea
            id={`${formId}-goal`}
            className="input textarea"
            rows={3}
            maxLength={1000}
            value={goal}
            onChange={(e) => setGoal(e.target.value)}
          />
          <p className="field-hint">{t('planningSettings.campaigns.goalHint')}</p>
          {errors.goal ? <p className="field-error">{errors.goal}</p> : null}
        </div>
      </form>
    </Dialog>
  );
}

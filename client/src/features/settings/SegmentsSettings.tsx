import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { CheckboxGroup, TextField } from '../../ui/Field';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { fieldErrors, inUsePosts, useDeleteSegment, useSaveSegment, useSegmentList } from './planning-api';
import { ColorField, DeleteOrArchiveDialog, displayName, errorFor, Swatch, useCanPlan, useLocaleTag } from './planning-shared';
import type { Gender, InUsePost, Segment, SegmentInput } from './planning-types';

export const COUNTRIES = ['KR', 'US', 'JP', 'CN', 'TW', 'GB', 'DE', 'FR', 'CA', 'AU'] as const;
export const LOCALES = ['ko-KR', 'en-US', 'en-GB', 'ja-JP', 'zh-CN', 'zh-TW', 'de-DE', 'fr-FR', 'es-ES', 'vi-VN'] as const;
const AGE_MIN = 13;
const AGE_MAX = 65;

export default function SegmentsSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('planningSettings.tabs.segments'));
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const canEdit = useCanPlan();
  const locale = useLocaleTag();
  const segments = useSegmentList(workspace.id);
  const save = useSaveSegment(workspace.id);
  const remove = useDeleteSegment(workspace.id);
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Segment | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const [inUse, setInUse] = useState<InUsePost[] | null>(null);

  const visible = (segments.data ?? []).filter((s) => showArchived || !s.archivedAt);
  const archivedCount = (segments.data ?? []).filter((s) => s.archivedAt).length;

  function setArchived(segment: Segment, archived: boolean, after?: () => void) {
    save.mutate(
      { id: segment.id, input: { archived } },
      {
        onSuccess: () => {
          toast.success(t(archived ? 'planningSettings.segments.archived' : 'planningSettings.segments.restored', { name: segment.name }));
          after?.();
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  function confirmDelete() {
    if (!deleting) return;
    const segment = deleting;
    remove.mutate(segment.id, {
      onSuccess: () => {
        toast.success(t('planningSettings.segments.deleted', { name: segment.name }));
        closeDelete();
      },
      onError: (error) => {
        const posts = inUsePosts(error);
        if (posts) setInUse(posts);
        else toast.error(errorMessage(t, error));
      },
    });
  }

  function closeDelete() {
    setDeleting(null);
    setInUse(null);
  }

  return (
    <section className="card" aria-labelledby="segments-title">
      <div className="plan-section-head">
        <div>
          <h2 id="segments-title" className="section-title">
            {t('planningSettings.segments.title')}
          </h2>
          <p className="muted">{t('planningSettings.segments.body')}</p>
          {!canEdit ? <p className="muted">{t('planningSettings.segments.readOnly')}</p> : null}
        </div>
        {canEdit ? (
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t('planningSettings.segments.new')}
          </Button>
        ) : null}
      </div>
      <label className="checkbox plan-show-archived">
        <input type="checkbox" checked={showArchived} onChange={(event) => setShowArchived(event.target.checked)} />
        <span>{t('planningSettings.common.showArchived', { count: archivedCount })}</span>
      </label>
      <QueryState
        query={segments}
        isEmpty={() => visible.length === 0}
        emptyTitle={t('planningSettings.segments.emptyTitle')}
        emptyBody={t('planningSettings.segments.emptyBody')}
      >
        {() => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('planningSettings.segments.name')}</th>
                  <th scope="col">{t('planningSettings.segments.regions')}</th>
                  <th scope="col">{t('planningSettings.segments.age')}</th>
                  <th scope="col">{t('planningSettings.segments.genders')}</th>
                  <th scope="col">{t('planningSettings.segments.languages')}</th>
                  <th scope="col">{t('planningSettings.segments.interests')}</th>
                  {canEdit ? (
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {visible.map((segment) => (
                  <tr key={segment.id} className={segment.archivedAt ? 'plan-row-archived' : undefined}>
                    <td>
                      <div className="cell-primary plan-name">
                        <Swatch color={segment.color} />
                        {segment.name}
                        {segment.archivedAt ? <span className="tag">{t('planningSettings.common.archivedTag')}</span> : null}
                      </div>
                      {segment.description ? <div className="cell-secondary">{segment.description}</div> : null}
                    </td>
                    <td>
                      {segment.regions.length
                        ? segment.regions
                            .map((r) => [displayName(locale, 'region', r.country), r.region, r.city].filter(Boolean).join(' · '))
                            .join(', ')
                        : t('planningSettings.common.any')}
                    </td>
                    <td className="nowrap">{ageText(t, segment)}</td>
                    <td className="nowrap">
                      {segment.genders.length
                        ? segment.genders.map((g) => t(`planningSettings.segments.gender.${g}`)).join(', ')
                        : t('planningSettings.common.any')}
                    </td>
                    <td>
                      {segment.locales.length
                        ? segment.locales.map((l) => displayName(locale, 'language', l)).join(', ')
                        : t('planningSettings.common.any')}
                    </td>
                    <td>
                      {segment.interests.length ? (
                        <span className="plan-tags">
                          {segment.interests.map((interest) => (
                            <span key={interest} className="tag">
                              {interest}
                            </span>
                          ))}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                    {canEdit ? (
                      <td className="cell-actions">
                        <div className="plan-actions">
                          <Button size="sm" variant="ghost" onClick={() => setEditing(segment)}>
                            {t('planningSettings.common.edit')}
                            <span className="visually-hidden"> {segment.name}</span>
                          </Button>
                          <Button
                            size="sm"
                            variant="ghost"
                            loading={save.isPending && save.variables?.id === segment.id && save.variables.input.archived !== undefined}
                            onClick={() => setArchived(segment, !segment.archivedAt)}
                          >
                            {segment.archivedAt ? t('planningSettings.common.restore') : t('planningSettings.common.archive')}
                            <span className="visually-hidden"> {segment.name}</span>
                          </Button>
                          <Button size="sm" variant="ghost" className="text-danger" onClick={() => setDeleting(segment)}>
                            {t('planningSettings.common.delete')}
                            <span className="visually-hidden"> {segment.name}</span>
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
      {editing ? <SegmentDialog segment={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <DeleteOrArchiveDialog
        open={deleting !== null}
        title={inUse ? t('planningSettings.segments.inUseTitle') : t('planningSettings.segments.deleteTitle')}
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

function ageText(t: ReturnType<typeof useTranslation>['t'], segment: Segment): string {
  if (segment.ageMin == null && segment.ageMax == null) return t('planningSettings.common.any');
  if (segment.ageMax == null) return t('planningSettings.segments.ageFrom', { min: segment.ageMin });
  if (segment.ageMin == null) return t('planningSettings.segments.ageTo', { max: segment.ageMax });
  return t('planningSettings.segments.ageRange', { min: segment.ageMin, max: segment.ageMax });
}

interface RegionRow {
  key: number;
  country: string;
  region: string;
  city: string;
}

let nextRowKey = 1;

function SegmentDialog({ segment, onClose }: { segment: Segment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const locale = useLocaleTag();
  const { workspace } = useCurrentWorkspace();
  const save = useSaveSegment(workspace.id);
  const [name, setName] = useState(segment?.name ?? '');
  const [color, setColor] = useState(segment?.color ?? '#4338CA');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [regions, setRegions] = useState<RegionRow[]>(() =>
    (segment?.regions ?? []).map((r) => ({ key: nextRowKey++, country: r.country, region: r.region ?? '', city: r.city ?? '' })),
  );
  const [ageMin, setAgeMin] = useState(segment?.ageMin != null ? String(segment.ageMin) : '');
  const [ageMax, setAgeMax] = useState(segment?.ageMax != null ? String(segment.ageMax) : '');
  const [genders, setGenders] = useState<Gender[]>(segment?.genders ?? []);
  const [locales, setLocales] = useState<string[]>(segment?.locales ?? []);
  const [interests, setInterests] = useState((segment?.interests ?? []).join(', '));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formId = `segment-form-${segment?.id ?? 'new'}`;

  const localeOptions = [...new Set([...LOCALES, ...locales])].map((value) => ({
    value,
    label: `${displayName(locale, 'language', value)} (${value})`,
  }));

  function updateRegion(key: number, patch: Partial<RegionRow>) {
    setRegions((rows) => rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    const min = ageMin === '' ? null : Number(ageMin);
    const max = ageMax === '' ? null : Number(ageMax);
    const ageInvalid = (n: number | null) => n !== null && (!Number.isInteger(n) || n < AGE_MIN || n > AGE_MAX);
    if (!name.trim()) local.name = t('planningSettings.common.required');
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) local.color = t('planningSettings.common.colorInvalid');
    if (ageInvalid(min)) local.ageMin = t('planningSettings.segments.ageInvalid', { min: AGE_MIN, max: AGE_MAX });
    if (ageInvalid(max)) local.ageMax = t('planningSettings.segments.ageInvalid', { min: AGE_MIN, max: AGE_MAX });
    if (!local.ageMin && !local.ageMax && min !== null && max !== null && min > max) local.ageMax = t('planningSettings.segments.ageOrder');
    setErrors(local);
    if (Object.keys(local).length) return;
    const input: SegmentInput = {
      name: name.trim(),
      color: color.toUpperCase(),
      description: description.trim(),
      regions: regions.map((r) => ({
        country: r.country,
        ...(r.region.trim() ? { region: r.region.trim() } : {}),
        ...(r.city.trim() ? { city: r.city.trim() } : {}),
      })),
      ageMin: min,
      ageMax: max,
      genders,
      locales,
      interests: [
        ...new Set(
          interests
            .split(/[,，、]/)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ],
    };
    save.mutate(
      { id: segment?.id ?? null, input },
      {
        onSuccess: (saved) => {
          toast.success(t(segment ? 'planningSettings.segments.saved' : 'planningSettings.segments.created', { name: saved.name }));
          onClose();
        },
        onError: (error) => {
          const fields = fieldErrors(error);
          setErrors(fields);
          toast.error(errorMessage(t, error));
        },
      },
    );
  }

  return (
    <Dialog
      open
      title={segment ? t('planningSettings.segments.editTitle', { name: segment.name }) : t('planningSettings.segments.newTitle')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" loading={save.isPending}>
            {segment ? t('common.save') : t('planningSettings.segments.create')}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack plan-form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('planningSettings.segments.name')}
          required
          maxLength={80}
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <ColorField label={t('planningSettings.common.color')} value={color} onChange={setColor} error={errors.color} />
        <div className={`field${errors.description ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={`${formId}-description`}>
            {t('planningSettings.segments.description')}
          </label>
          <textarea
            id={`${formId}-description`}
            className="input textarea"
            rows={2}
            maxLength={500}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          {errors.description ? <p className="field-error">{errors.description}</p> : null}
        </div>

        <fieldset className="plan-fieldset">
          <legend className="field-label">{t('planningSettings.segments.regions')}</legend>
          <p className="field-hint">{t('planningSettings.segments.regionsHint')}</p>
          {regions.map((row, index) => (
            <div key={row.key} className="plan-region-row">
              <div className="field">
                <label className="field-label" htmlFor={`${formId}-country-${row.key}`}>
                  {t('planningSettings.segments.country', { n: index + 1 })}
                </label>
                <select
                  id={`${formId}-country-${row.key}`}
                  className="input select"
                  value={row.country}
                  onChange={(e) => updateRegion(row.key, { country: e.target.value })}
                >
                  {[...new Set([...COUNTRIES, row.country])].map((code) => (
                    <option key={code} value={code}>
                      {displayName(locale, 'region', code)} ({code})
                    </option>
                  ))}
                </select>
              </div>
              <TextField
                label={t('planningSettings.segments.region', { n: index + 1 })}
                maxLength={80}
                value={row.region}
                onChange={(e) => updateRegion(row.key, { region: e.target.value })}
              />
              <TextField
                label={t('planningSettings.segments.city', { n: index + 1 })}
                maxLength={80}
                value={row.city}
                onChange={(e) => updateRegion(row.key, { city: e.target.value })}
              />
              <Button
                size="sm"
                variant="ghost"
                className="text-danger plan-region-remove"
                onClick={() => setRegions((rows) => rows.filter((r) => r.key !== row.key))}
              >
                {t('planningSettings.segments.removeRegion', { n: index + 1 })}
              </Button>
            </div>
          ))}
          {errorFor(errors, 'regions') ? <p className="field-error">{errorFor(errors, 'regions')}</p> : null}
          <div>
            <Button size="sm" onClick={() => setRegions((rows) => [...rows, { key: nextRowKey++, country: 'KR', region: '', city: '' }])}>
              {t('planningSettings.segments.addRegion')}
            </Button>
          </div>
        </fieldset>

        <div className="form-row plan-age-row">
          <TextField
            label={t('planningSettings.segments.ageMin')}
            type="number"
            inputMode="numeric"
            min={AGE_MIN}
            max={AGE_MAX}
            className="input-short"
            value={ageMin}
            error={errors.ageMin}
            onChange={(e) => setAgeMin(e.target.value)}
          />
          <TextField
            label={t('planningSettings.segments.ageMax')}
            type="number"
            inputMode="numeric"
            min={AGE_MIN}
            max={AGE_MAX}
            className="input-short"
            value={ageMax}
            error={errors.ageMax}
            onChange={(e) => setAgeMax(e.target.value)}
          />
        </div>
        <p className="field-hint">{t('planningSettings.segments.ageHint', { min: AGE_MIN, max: AGE_MAX })}</p>

        <CheckboxGroup
          legend={t('planningSettings.segments.genders')}
          options={[
            { value: 'male' as const, label: t('planningSettings.segments.gender.male') },
            { value: 'female' as const, label: t('planningSettings.segments.gender.female') },
          ]}
          value={genders}
          onChange={setGenders}
          error={errorFor(errors, 'genders')}
        />
        <CheckboxGroup
          legend={t('planningSettings.segments.languages')}
          options={localeOptions}
          value={locales}
          onChange={setLocales}
          error={errorFor(errors, 'locales')}
        />
        <TextField
          label={t('planningSettings.segments.interests')}
          hint={t('planningSettings.segments.interestsHint')}
          value={interests}
          error={errorFor(errors, 'interests')}
          onChange={(e) => setInterests(e.target.value)}
        />
      </form>
    </Dialog>
  );
}

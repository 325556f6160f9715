import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { CheckboxGroup, SelectField, TextField } from '../../ui/Field';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { isDefaultStepName, stepName } from '../approvals/step-name';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { useMembers } from './api';
import { type ApprovalPolicy, type PolicyStep, policyErrors, useApprovalPolicy, useSaveApprovalPolicy } from './approval-policy-api';
import { useCampaignList, useChannelList, useSegmentList } from './planning-api';
import './approval-policy.css';

interface DraftStep extends PolicyStep {
  key: string;
  emailsText: string;
  /** The default step still named "Review": shown in the reader's language, saved unchanged until edited. */
  defaultName?: boolean;
}
interface Draft {
  steps: DraftStep[];
  allowSelfApproval: boolean;
  lateApproval: ApprovalPolicy['lateApproval'];
  remindersText: string;
}

let keys = 0;
const nextKey = () => `s${++keys}`;

const toDraft = (p: ApprovalPolicy): Draft => ({
  steps: p.steps.map((s) => ({ ...s, key: nextKey(), emailsText: s.externalEmails.join(', '), defaultName: isDefaultStepName(s) })),
  allowSelfApproval: p.allowSelfApproval,
  lateApproval: p.lateApproval,
  remindersText: p.reminderLeadMinutes.map((m) => String(Math.round((m / 60) * 100) / 100)).join(', '),
});

const splitList = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function toPolicy(d: Draft): ApprovalPolicy {
  return {
    steps: d.steps.map(({ key: _key, emailsText, defaultName: _default, ...s }) => ({
      ...s,
      externalEmails: splitList(emailsText).map((e) => e.toLowerCase()),
    })),
    allowSelfApproval: d.allowSelfApproval,
    lateApproval: d.lateApproval,
    reminderLeadMinutes: splitList(d.remindersText).map((h) => Math.round(Number(h.replace(/h$/i, '')) * 60)),
  };
}

const blankStep = (): DraftStep => ({
  key: nextKey(),
  name: '',
  role: 'approver',
  memberIds: [],
  externalEmails: [],
  emailsText: '',
  required: 1,
  channelIds: [],
  segmentIds: [],
  campaignIds: [],
});

interface Names {
  channels: Map<string, string>;
  segments: Map<string, string>;
  campaigns: Map<string, string>;
}

/** "Only for posts in campaign Recall", "Applies to every post" … */
export function limitSummary(t: TFunction, step: Pick<PolicyStep, 'channelIds' | 'segmentIds' | 'campaignIds'>, names: Names): string {
  const list = (ids: string[], map: Map<string, string>) => ids.map((id) => map.get(id) ?? '?').join(', ');
  const parts = [
    step.channelIds.length ? t('approvalPolicy.summary.channels', { names: list(step.channelIds, names.channels) }) : null,
    step.segmentIds.length ? t('approvalPolicy.summary.segments', { names: list(step.segmentIds, names.segments) }) : null,
    step.campaignIds.length ? t('approvalPolicy.summary.campaigns', { names: list(step.campaignIds, names.campaigns) }) : null,
  ].filter((p): p is string => p !== null);
  if (!parts.length) return t('approvalPolicy.summary.all');
  return t('approvalPolicy.summary.only', { parts: parts.join(t('approvalPolicy.summary.and')) });
}

export default function ApprovalPolicySettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('approvalPolicy.title'));
  const toast = useToast();
  const { workspace, isAdmin } = useCurrentWorkspace();
  const policy = useApprovalPolicy(workspace.id);
  const members = useMembers(workspace.id);
  const channels = useChannelList(workspace.id);
  const segments = useSegmentList(workspace.id);
  const campaigns = useCampaignList(workspace.id);
  const save = useSaveApprovalPolicy(workspace.id);
  const [draft, setDraft] = useState<Draft | null>(null);

  useEffect(() => {
    if (policy.data && !draft) setDraft(toDraft(policy.data));
  }, [policy.data, draft]);

  const problems = policyErrors(save.error);
  const errorAt = (field: string) => {
    const p = problems[field] ?? Object.entries(problems).find(([f]) => f.startsWith(`${field}.`))?.[1];
    if (!p) return undefined;
    return p.code === 'not_in_workspace' ? t('approvalPolicy.errors.notInWorkspace') : p.message;
  };

  const names: Names = {
    channels: new Map((channels.data ?? []).map((c) => [c.id, c.name])),
    segments: new Map((segments.data ?? []).map((s) => [s.id, s.name])),
    campaigns: new Map((campaigns.data ?? []).map((c) => [c.id, c.name])),
  };

  function update(change: Partial<Draft>) {
    setDraft((d) => (d ? { ...d, ...change } : d));
  }
  function updateStep(index: number, change: Partial<DraftStep>) {
    setDraft((d) => (d ? { ...d, steps: d.steps.map((s, i) => (i === index ? { ...s, ...change } : s)) } : d));
  }
  function moveStep(index: number, by: -1 | 1) {
    setDraft((d) => {
      if (!d) return d;
      const steps = [...d.steps];
      const [step] = steps.splice(index, 1);
      if (step) steps.splice(index + by, 0, step);
      return { ...d, steps };
    });
  }
  function removeStep(index: number) {
    setDraft((d) => (d ? { ...d, steps: d.steps.filter((_, i) => i !== index) } : d));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    save.mutate(toPolicy(draft), {
      onSuccess: (saved) => {
        setDraft(toDraft(saved));
        toast.success(t('approvalPolicy.saved'));
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  const roleChoices = [{ value: '', label: t('approvalPolicy.step.noRole') }, ...ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))];

  return (
    <section className="card" aria-labelledby="policy-title">
      <div className="plan-section-head">
        <div>
          <h2 id="policy-title" className="section-title">
            {t('approvalPolicy.title')}
          </h2>
          <p className="muted">{t('approvalPolicy.body')}</p>
          {!isAdmin ? <p className="muted">{t('approvalPolicy.readOnly')}</p> : null}
        </div>
      </div>
      <QueryState query={policy} isEmpty={() => false} emptyTitle="" emptyBody="">
        {() =>
          draft ? (
            <form onSubmit={onSubmit} noValidate>
              <fieldset disabled={!isAdmin} className="policy-fieldset">
                <legend className="visually-hidden">{t('approvalPolicy.title')}</legend>
                <ol className="policy-steps">
                  {draft.steps.map((step, i) => (
                    <li key={step.key} className="policy-step">
                      <StepEditor
                        index={i}
                        count={draft.steps.length}
                        step={step}
                        names={names}
                        roleChoices={roleChoices}
                        members={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
                        channels={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                        segments={(segments.data ?? []).filter((s) => !s.archivedAt).map((s) => ({ value: s.id, label: s.name }))}
                        campaigns={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                        errorAt={(field) => errorAt(`steps.${i}${field ? `.${field}` : ''}`)}
                        onChange={(change) => updateStep(i, change)}
                        onMove={(by) => moveStep(i, by)}
                        onRemove={() => removeStep(i)}
                      />
                    </li>
                  ))}
                </ol>
                {errorAt('steps') && !draft.steps.length ? <p className="field-error">{errorAt('steps')}</p> : null}
                {isAdmin ? (
                  <Button onClick={() => update({ steps: [...draft.steps, blankStep()] })} disabled={draft.steps.length >= 10}>
                    {t('approvalPolicy.addStep')}
                  </Button>
                ) : null}

                <h3 className="policy-subtitle">{t('approvalPolicy.rules')}</h3>
                <label className="checkbox">
                  <input type="checkbox" checked={draft.allowSelfApproval} onChange={(e) => update({ allowSelfApproval: e.target.checked })} />
                  <span>{t('approvalPolicy.allowSelfApproval')}</span>
                </label>
                <fieldset className="checkbox-group">
                  <legend className="field-label">{t('approvalPolicy.late.legend')}</legend>
                  <div className="policy-radios">
                    {(['hold', 'publish_now'] as const).map((value) => (
                      <label key={value} className="checkbox">
                        <input
                          type="radio"
                          name="lateApproval"
                          value={value}
                          checked={draft.lateApproval === value}
                          onChange={() => update({ lateApproval: value })}
                        />
                        <span>{t(`approvalPolicy.late.${value}`)}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
                <TextField
                  label={t('approvalPolicy.reminders.label')}
                  hint={t('approvalPolicy.reminders.hint')}
                  value={draft.remindersText}
                  onChange={(e) => update({ remindersText: e.target.value })}
                  error={errorAt('reminderLeadMinutes')}
                  inputMode="decimal"
                />
              </fieldset>
              {isAdmin ? (
                <div className="policy-actions">
                  <Button type="submit" variant="primary" loading={save.isPending}>
                    {t('approvalPolicy.save')}
                  </Button>
                  <Button onClick={() => policy.data && setDraft(toDraft(policy.data))}>{t('approvalPolicy.reset')}</Button>
                </div>
              ) : null}
            </form>
          ) : null
        }
      </QueryState>
    </section>
  );
}

interface Option {
  value: string;
  label: string;
}

function StepEditor(props: {
  index: number;
  count: number;
  step: DraftStep;
  names: Names;
  roleChoices: Option[];
  members: Option[];
  channels: Option[];
  segments: Option[];
  campaigns: Option[];
  errorAt: (field?: string) => string | undefined;
  onChange: (change: Partial<DraftStep>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { index, count, step, errorAt, onChange } = props;
  const headingId = useId();
  const name = step.defaultName ? stepName(t, step) : step.name;
  const label = name || t('approvalPolicy.step.number', { n: index + 1 });
  const limited = step.channelIds.length + step.segmentIds.length + step.campaignIds.length > 0;
  const stepError = errorAt();
  return (
    <section aria-labelledby={headingId}>
      <div className="policy-step-head">
        <h3 id={headingId} className="policy-step-title">
          <span className="policy-step-number">{index + 1}</span>
          {label}
        </h3>
        <div className="policy-step-tools">
          <Button
            size="sm"
            variant="ghost"
            disabled={index === 0}
            onClick={() => props.onMove(-1)}
            aria-label={t('approvalPolicy.step.moveUp', { name: label })}
          >
            ↑
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={index === count - 1}
            onClick={() => props.onMove(1)}
            aria-label={t('approvalPolicy.step.moveDown', { name: label })}
          >
            ↓
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={count <= 1}
            onClick={props.onRemove}
            aria-label={t('approvalPolicy.step.remove', { name: label })}
          >
            {t('approvalPolicy.step.removeShort')}
          </Button>
        </div>
      </div>
      <p className="muted policy-summary">{limitSummary(t, step, props.names)}</p>
      <div className="policy-grid">
        <TextField
          label={t('approvalPolicy.step.name')}
          value={name}
          maxLength={80}
          onChange={(e) => onChange({ name: e.target.value, defaultName: false })}
          error={errorAt('name')}
        />
        <SelectField
          label={t('approvalPolicy.step.role')}
          value={step.role ?? ''}
          options={props.roleChoices}
          onChange={(e) => onChange({ role: (e.target.value || null) as Role | null })}
          error={errorAt('role')}
        />
        <TextField
          label={t('approvalPolicy.step.required')}
          type="number"
          min={1}
          max={10}
          value={String(step.required)}
          onChange={(e) => onChange({ required: Math.max(1, Number(e.target.value) || 1) })}
          error={errorAt('required')}
        />
      </div>
      {props.members.length ? (
        <CheckboxGroup
          legend={t('approvalPolicy.step.members')}
          options={props.members}
          value={step.memberIds}
          onChange={(memberIds) => onChange({ memberIds })}
          error={errorAt('memberIds')}
        />
      ) : null}
      <TextField
        label={t('approvalPolicy.step.emails')}
        hint={t('approvalPolicy.step.emailsHint')}
        value={step.emailsText}
        onChange={(e) => onChange({ emailsText: e.target.value })}
        error={errorAt('externalEmails')}
        type="text"
        autoComplete="off"
      />
      {stepError &&
      !['name', 'role', 'required', 'memberIds', 'externalEmails', 'channelIds', 'segmentIds', 'campaignIds'].some((f) => errorAt(f)) ? (
        <p className="field-error">{stepError}</p>
      ) : null}
      <details className="policy-limits" open={limited || undefined}>
        <summary>{t('approvalPolicy.step.limits')}</summary>
        {props.channels.length ? (
          <CheckboxGroup
            legend={t('approvalPolicy.step.channels')}
            options={props.channels}
            value={step.channelIds}
            onChange={(channelIds) => onChange({ channelIds })}
            error={errorAt('channelIds')}
          />
        ) : null}
        {props.segments.length ? (
          <CheckboxGroup
            legend={t('approvalPolicy.step.segments')}
            options={props.segments}
            value={step.segmentIds}
            onChange={(segmentIds) => onChange({ segmentIds })}
            error={errorAt('segmentIds')}
          />
        ) : null}
        {props.campaigns.length ? (
          <CheckboxGroup
            legend={t('approvalPolicy.step.campaigns')}
            options={props.campaigns}
            value={step.campaignIds}
            onChange={(campaignIds) => onChange({ campaignIds })}
            error={errorAt('campaignIds')}
          />
        ) : null}
      </details>
    </section>
  );
}

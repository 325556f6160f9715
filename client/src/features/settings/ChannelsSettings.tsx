import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, listTimeZones } from '../../lib/time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { ConfirmDialog, Dialog } from '../../ui/Dialog';
import { CheckboxGroup, SelectField, TextField } from '../../ui/Field';
import { QueryState } from '../../ui/QueryState';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { SuggestedSlots } from '../reports/SuggestedSlots';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { ConnectionChip, ConnectPanel, OAuthReturn, ReconnectButton } from './ChannelConnect';
import { useDisconnectChannel } from './channel-connect-api';
import { fieldErrors, useChannelList, useNextFreeSlot, useReplaceSlots, useSaveChannel, useSlots } from './planning-api';
import { ProviderIcon, useCanPlan, useLocaleTag } from './planning-shared';
import type { ChannelAccount, ChannelProvider } from './planning-types';

const PROVIDERS: ChannelProvider[] = ['facebook_page', 'instagram', 'x'];
// The server's defaults: the cadence thesis (X 6–7 a day, Facebook 5–6).
const DEFAULT_TARGET: Record<ChannelProvider, number> = { facebook_page: 5, instagram: 5, x: 6 };
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export default function ChannelsSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('planningSettings.tabs.channels'));
  const { workspace, isAdmin } = useCurrentWorkspace();
  const locale = useLocaleTag();
  const channels = useChannelList(workspace.id);
  const [editing, setEditing] = useState<ChannelAccount | 'new' | null>(null);
  const [slotsFor, setSlotsFor] = useState<ChannelAccount | null>(null);
  const [disconnecting, setDisconnecting] = useState<ChannelAccount | null>(null);
  const disconnect = useDisconnectChannel(workspace.id);
  const toast = useToast();
  const numbers = new Intl.NumberFormat(locale);

  return (
    <section className="card" aria-labelledby="channels-title">
      <div className="plan-section-head">
        <div>
          <h2 id="channels-title" className="section-title">
            {t('planningSettings.channels.title')}
          </h2>
          <p className="muted">{t('planningSettings.channels.cadenceHelp')}</p>
          {!isAdmin ? <p className="muted">{t('planningSettings.channels.readOnly')}</p> : null}
        </div>
        {isAdmin ? (
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t('planningSettings.channels.add')}
          </Button>
        ) : null}
      </div>
      <ConnectPanel />
      <OAuthReturn />
      <QueryState
        query={channels}
        isEmpty={(data) => data.length === 0}
        emptyTitle={t('planningSettings.channels.emptyTitle')}
        emptyBody={t('planningSettings.channels.emptyBody')}
      >
        {(data) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('planningSettings.channels.name')}</th>
                  <th scope="col">{t('planningSettings.channels.followers')}</th>
                  <th scope="col">{t('planningSettings.channels.timeZone')}</th>
                  <th scope="col">{t('planningSettings.channels.dailyTarget')}</th>
                  <th scope="col">{t('planningSettings.channels.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((channel) => (
                  <tr key={channel.id}>
                    <td>
                      <div className="cell-primary plan-name">
                        <ProviderIcon provider={channel.provider} />
                        <span>
                          {channel.name}
                          <span className="visually-hidden"> ({t(`planningSettings.channels.provider.${channel.provider}`)})</span>
                        </span>
                      </div>
                      <div className="cell-secondary">@{channel.handle.replace(/^@/, '')}</div>
                    </td>
                    <td className="nowrap">{numbers.format(channel.followerCount)}</td>
                    <td className="nowrap">
                      <div>{channel.timeZone ?? workspace.timeZone}</div>
                      {channel.timeZone ? null : <div className="cell-secondary">{t('planningSettings.channels.defaultZone')}</div>}
                    </td>
                    <td className="nowrap">{t('planningSettings.channels.perDay', { count: channel.dailyTarget })}</td>
                    <td>
                      <ConnectionChip channel={channel} />
                    </td>
                    <td className="cell-actions">
                      <div className="plan-actions plan-actions-stack">
                        <Button size="sm" variant="ghost" onClick={() => setSlotsFor(channel)}>
                          {t('planningSettings.slots.open')}
                          <span className="visually-hidden"> {channel.name}</span>
                        </Button>
                        {isAdmin ? (
                          <Button size="sm" variant="ghost" onClick={() => setEditing(channel)}>
                            {t('planningSettings.common.edit')}
                            <span className="visually-hidden"> {channel.name}</span>
                          </Button>
                        ) : null}
                        {isAdmin && channel.remoteId ? <ReconnectButton channel={channel} /> : null}
                        {isAdmin && channel.remoteId && channel.status !== 'disconnected' ? (
                          <Button size="sm" variant="ghost" className="text-danger" onClick={() => setDisconnecting(channel)}>
                            {t('channelConnect.disconnect')}
                            <span className="visually-hidden"> {channel.name}</span>
                          </Button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {editing ? <ChannelDialog channel={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {slotsFor ? <SlotsDialog channel={slotsFor} onClose={() => setSlotsFor(null)} /> : null}
      <ConfirmDialog
        open={disconnecting !== null}
        title={t('channelConnect.disconnectTitle', { name: disconnecting?.name ?? '' })}
        message={t('channelConnect.disconnectBody')}
        confirmLabel={t('channelConnect.disconnect')}
        busy={disconnect.isPending}
        onClose={() => setDisconnecting(null)}
        onConfirm={() =>
          disconnecting &&
          disconnect.mutate(disconnecting.id, {
            onSuccess: (channel) => {
              toast.success(t('channelConnect.disconnected', { name: channel.name }));
              setDisconnecting(null);
            },
            onError: (error) => toast.error(errorMessage(t, error)),
          })
        }
      />
    </section>
  );
}

function ChannelDialog({ channel, onClose }: { channel: ChannelAccount | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const save = useSaveChannel(workspace.id);
  const zones = useMemo(() => listTimeZones(), []);
  const [provider, setProvider] = useState<ChannelProvider>(channel?.provider ?? 'x');
  const [name, setName] = useState(channel?.name ?? '');
  const [handle, setHandle] = useState(channel?.handle ?? '');
  const [followers, setFollowers] = useState(String(channel?.followerCount ?? 0));
  const [timeZone, setTimeZone] = useState(channel?.timeZone ?? '');
  const [target, setTarget] = useState(String(channel?.dailyTarget ?? DEFAULT_TARGET.x));
  const [targetTouched, setTargetTouched] = useState(channel !== null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formId = `channel-form-${channel?.id ?? 'new'}`;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    const followerCount = Number(followers);
    const dailyTarget = Number(target);
    if (!name.trim()) local.name = t('planningSettings.common.required');
    if (!handle.trim()) local.handle = t('planningSettings.common.required');
    if (!Number.isInteger(followerCount) || followerCount < 0) local.followerCount = t('planningSettings.channels.followersInvalid');
    if (!Number.isInteger(dailyTarget) || dailyTarget < 0 || dailyTarget > 100)
      local.dailyTarget = t('planningSettings.channels.targetInvalid', { max: 100 });
    setErrors(local);
    if (Object.keys(local).length) return;
    const input = { name: name.trim(), handle: handle.trim().replace(/^@/, ''), followerCount, timeZone: timeZone || null, dailyTarget };
    save.mutate(
      { id: channel?.id ?? null, input: channel ? input : { ...input, provider } },
      {
        onSuccess: (saved) => {
          toast.success(t(channel ? 'planningSettings.channels.saved' : 'planningSettings.channels.created', { name: saved.name }));
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
      title={channel ? t('planningSettings.channels.editTitle', { name: channel.name }) : t('planningSettings.channels.addTitle')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" loading={save.isPending}>
            {channel ? t('common.save') : t('planningSettings.channels.create')}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack plan-form" onSubmit={onSubmit} noValidate>
        <p className="muted">{t('channelConnect.recordNote')}</p>
        <SelectField
          label={t('planningSettings.channels.network')}
          value={provider}
          disabled={channel !== null}
          hint={channel ? t('planningSettings.channels.networkFixed') : undefined}
          options={PROVIDERS.map((p) => ({ value: p, label: t(`planningSettings.channels.provider.${p}`) }))}
          onChange={(e) => {
            const next = e.target.value as ChannelProvider;
            setProvider(next);
            if (!targetTouched) setTarget(String(DEFAULT_TARGET[next]));
          }}
        />
        <TextField
          label={t('planningSettings.channels.name')}
          required
          maxLength={100}
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label={t('planningSettings.channels.handle')}
          hint={t('planningSettings.channels.handleHint')}
          required
          maxLength={100}
          value={handle}
          error={errors.handle}
          onChange={(e) => setHandle(e.target.value)}
        />
        <TextField
          label={t('planningSettings.channels.followers')}
          type="number"
          inputMode="numeric"
          min={0}
          className="input-short"
          value={followers}
          error={errors.followerCount}
          onChange={(e) => setFollowers(e.target.value)}
        />
        <SelectField
          label={t('planningSettings.channels.timeZone')}
          value={timeZone}
          error={errors.timeZone}
          options={[
            { value: '', label: t('planningSettings.channels.workspaceZone', { zone: workspace.timeZone }) },
            ...zones.map((z) => ({ value: z, label: z })),
          ]}
          onChange={(e) => setTimeZone(e.target.value)}
        />
        <TextField
          label={t('planningSettings.channels.dailyTarget')}
          hint={t('planningSettings.channels.targetHint')}
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          className="input-short"
          value={target}
          error={errors.dailyTarget}
          onChange={(e) => {
            setTarget(e.target.value);
            setTargetTouched(true);
          }}
        />
      </form>
    </Dialog>
  );
}

interface DraftSlot {
  weekday: number;
  time: string;
}

const sortSlots = (slots: DraftSlot[]) => [...slots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));

function SlotsDialog({ channel, onClose }: { channel: ChannelAccount; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const canEdit = useCanPlan();
  const slots = useSlots(workspace.id, channel.id);
  const saveSlots = useReplaceSlots(workspace.id, channel.id);

  return (
    <Dialog open title={t('planningSettings.slots.title', { name: channel.name })} onClose={onClose}>
      <div className="stack">
        <p className="muted">{t('planningSettings.slots.body', { count: channel.dailyTarget })}</p>
        {!canEdit ? <p className="muted">{t('planningSettings.slots.readOnly')}</p> : null}
        {slots.isPending ? (
          <LoadingState />
        ) : slots.isError ? (
          <p className="alert alert-error" role="alert">
            {errorMessage(t, slots.error)}
          </p>
        ) : (
          <SlotEditor
            key={slots.dataUpdatedAt}
            channelId={channel.id}
            initial={slots.data.slots.map(({ weekday, time }) => ({ weekday, time }))}
            timeZone={slots.data.timeZone}
            canEdit={canEdit}
            saving={saveSlots.isPending}
            onSave={(next, done) => saveSlots.mutate(next, { onSuccess: () => done(null), onError: (error) => done(error) })}
          />
        )}
        <NextFreeSlot channelId={channel.id} />
        <div className="dialog-inline-footer">
          <Button onClick={onClose}>{t('common.close')}</Button>
        </div>
      </div>
    </Dialog>
  );
}

function SlotEditor({
  channelId,
  initial,
  timeZone,
  canEdit,
  saving,
  onSave,
}: {
  channelId: string;
  initial: DraftSlot[];
  timeZone: string;
  canEdit: boolean;
  saving: boolean;
  onSave: (slots: DraftSlot[], done: (error: unknown) => void) => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const toast = useToast();
  const id = useId();
  const [draft, setDraft] = useState<DraftSlot[]>(() => sortSlots(initial));
  const [time, setTime] = useState('09:00');
  const [days, setDays] = useState<string[]>(['1', '2', '3', '4', '5']);
  const [addError, setAddError] = useState<string | undefined>();
  const dirty = JSON.stringify(sortSlots(initial)) !== JSON.stringify(draft);
  const dayName = (d: number) => t(`planningSettings.slots.weekdays.${d}`);

  function add(event: FormEvent) {
    event.preventDefault();
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
      setAddError(t('planningSettings.slots.timeInvalid'));
      return;
    }
    if (days.length === 0) {
      setAddError(t('planningSettings.slots.pickDay'));
      return;
    }
    setAddError(undefined);
    setDraft((current) => {
      const next = [...current];
      for (const d of days.map(Number)) if (!next.some((s) => s.weekday === d && s.time === time)) next.push({ weekday: d, time });
      return sortSlots(next);
    });
  }

  function save() {
    onSave(draft, (error) => {
      if (error) toast.error(isApiError(error) && error.code === 'validation_failed' ? error.message : errorMessage(t, error));
      else toast.success(t('planningSettings.slots.saved'));
    });
  }

  return (
    <div className="stack">
      <p className="field-hint">{t('planningSettings.slots.zone', { zone: timeZone })}</p>
      <div className="plan-week">
        {WEEKDAYS.map((d) => {
          const times = draft.filter((s) => s.weekday === d);
          return (
            <div key={d} className="plan-day">
              <h3 className="plan-day-name" id={`${id}-day-${d}`}>
                {dayName(d)}
              </h3>
              {times.length ? (
                <ul className="plan-day-times" aria-labelledby={`${id}-day-${d}`}>
                  {times.map((s) => (
                    <li key={s.time} className="plan-slot">
                      <span className="mono">{s.time}</span>
                      {canEdit ? (
                        <button
                          type="button"
                          className="icon-button plan-slot-remove"
                          aria-label={t('planningSettings.slots.remove', { day: dayName(d), time: s.time })}
                          onClick={() => setDraft((current) => current.filter((x) => !(x.weekday === d && x.time === s.time)))}
                        >
                          <span aria-hidden="true">×</span>
                        </button>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="plan-day-empty">{t('planningSettings.slots.none')}</p>
              )}
            </div>
          );
        })}
      </div>
      {draft.length === 0 ? <p className="muted">{t('planningSettings.slots.emptyBody')}</p> : null}
      {canEdit ? (
        <>
          <SuggestedSlots
            workspaceId={workspace.id}
            channelId={channelId}
            slotZone={timeZone}
            has={(slot) => draft.some((s) => s.weekday === slot.weekday && s.time === slot.time)}
            onAdopt={(slot) =>
              setDraft((current) =>
                current.some((s) => s.weekday === slot.weekday && s.time === slot.time) ? current : sortSlots([...current, slot]),
              )
            }
          />
          <form className="plan-slot-add" onSubmit={add}>
            <h3 className="subsection-title">{t('planningSettings.slots.addTitle')}</h3>
            <TextField
              label={t('planningSettings.slots.time')}
              type="time"
              step={60}
              className="input-short"
              value={time}
              onChange={(e) => setTime(e.target.value)}
            />
            <CheckboxGroup
              legend={t('planningSettings.slots.days')}
              options={WEEKDAYS.map((d) => ({ value: String(d), label: dayName(d) }))}
              value={days}
              onChange={setDays}
              error={addError}
            />
            <div className="plan-actions">
              <Button size="sm" variant="ghost" onClick={() => setDays(['1', '2', '3', '4', '5'])}>
                {t('planningSettings.slots.weekdaysPreset')}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setDays(WEEKDAYS.map(String))}>
                {t('planningSettings.slots.everyDayPreset')}
              </Button>
              <Button type="submit" size="sm">
                {t('planningSettings.slots.add')}
              </Button>
            </div>
          </form>
          <div className="plan-actions">
            <Button variant="primary" loading={saving} disabled={!dirty} onClick={save}>
              {t('planningSettings.slots.save')}
            </Button>
            {dirty ? <span className="muted">{t('planningSettings.slots.unsaved')}</span> : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

function NextFreeSlot({ channelId }: { channelId: string }) {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const next = useNextFreeSlot(workspace.id, channelId);
  const slots = useSlots(workspace.id, channelId);
  const zone = slots.data?.timeZone ?? workspace.timeZone;
  let text: string;
  if (next.isPending) text = t('common.loading');
  else if (next.isError)
    text =
      isApiError(next.error) && next.error.code === 'no_free_slot'
        ? (next.error.details as { reason?: string } | undefined)?.reason === 'all_taken'
          ? t('planningSettings.slots.allTaken')
          : t('planningSettings.slots.noSlots')
        : errorMessage(t, next.error);
  else text = t('planningSettings.slots.nextFree', { when: formatDateTime(next.data.at, zone, i18n.resolvedLanguage ?? i18n.language), zone });
  return (
    <p className="callout plan-next-free" role="status">
      {text}
    </p>
  );
}

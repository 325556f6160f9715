import { useTranslation } from 'react-i18next';
import type { ChannelAccount, UpcomingSlot } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { NetworkIcon, PROVIDER_LABEL } from './NetworkIcon';
import { zonedDay } from './zoned';

/** Slots that share an instant (several channels posting at 09:00) become one background event. */
export function slotGroups(slots: UpcomingSlot[]): Array<{ at: string; slots: UpcomingSlot[] }> {
  const byInstant = new Map<string, UpcomingSlot[]>();
  for (const slot of slots) byInstant.set(slot.at, [...(byInstant.get(slot.at) ?? []), slot]);
  return [...byInstant.entries()].map(([at, group]) => ({ at, slots: group }));
}

/** Free slots per local day (`YYYY-MM-DD` in the zone), for the month view. */
export function slotFreeCounts(slots: UpcomingSlot[], tz: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const slot of slots) {
    if (slot.taken) continue;
    const day = zonedDay(slot.at, tz);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

function wallTime(iso: string, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

export interface SlotMarksProps {
  slots: UpcomingSlot[];
  channels: Map<string, ChannelAccount>;
  tz: string;
  canEdit: boolean;
  onOpen: (slot: UpcomingSlot) => void;
}

/**
 * What a slot background event shows: each free slot as a dashed button that opens the composer for that
 * channel and time (Enter works too); taken slots as subdued text behind the post that fills them.
 */
export function SlotMarks({ slots, channels, tz, canEdit, onOpen }: SlotMarksProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const allTaken = slots.every((slot) => slot.taken);
  return (
    <div className={`slot-marks${allTaken ? ' is-taken' : ''}`}>
      {slots.map((slot) => {
        const channel = channels.get(slot.channelAccountId);
        if (!channel) return null;
        const time = wallTime(slot.at, tz);
        const when = formatDateTime(slot.at, tz, lang);
        if (slot.taken) {
          return (
            <span key={slot.channelAccountId} className="slot-mark slot-taken">
              <span className="visually-hidden">{t('calendar.slots.takenName', { channel: channel.name, when })}</span>
              <span aria-hidden="true" className="slot-mark-text">
                {t('calendar.slots.takenShort', { channel: channel.name, time })}
              </span>
            </span>
          );
        }
        const content = (
          <>
            <span className="slot-plus" aria-hidden="true">
              +
            </span>
            <NetworkIcon provider={channel.provider} size={12} />
            <span className="slot-name">{channel.name}</span>
            <span className="slot-time">{t('calendar.slots.freeShort', { time })}</span>
          </>
        );
        if (!canEdit) {
          return (
            <span
              key={slot.channelAccountId}
              className="slot-mark slot-free"
              role="img"
              aria-label={t('calendar.slots.freeNameReadOnly', { channel: channel.name, network: PROVIDER_LABEL[channel.provider], when })}
            >
              {content}
            </span>
          );
        }
        return (
          <button
            key={slot.channelAccountId}
            type="button"
            className="slot-mark slot-free"
            data-slot-channel={slot.channelAccountId}
            data-slot-at={slot.at}
            aria-label={t('calendar.slots.freeName', { channel: channel.name, network: PROVIDER_LABEL[channel.provider], when })}
            onClick={(event) => {
              event.stopPropagation();
              onOpen(slot);
            }}
          >
            {content}
          </button>
        );
      })}
    </div>
  );
}

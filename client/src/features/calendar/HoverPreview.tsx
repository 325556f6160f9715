import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { CalendarEntry, ChannelAccount } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { NetworkPreview } from './NetworkPreview';

export interface HoverState {
  entry: CalendarEntry;
  rect: DOMRect;
}

const WIDTH = 320;

/** The per-network preview shown next to an event on hover or keyboard focus. */
export function HoverPreview({ state, tz, channels }: { state: HoverState | null; tz: string; channels: ChannelAccount[] }) {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  let style: React.CSSProperties = {};
  if (state) {
    const { rect } = state;
    const right = rect.right + 8 + WIDTH < window.innerWidth;
    const left = right ? rect.right + 8 : Math.max(8, rect.left - WIDTH - 8);
    const top = Math.min(Math.max(8, rect.top - 8), window.innerHeight - 340);
    style = { left, top, width: WIDTH };
  }
  const channel = state ? channels.find((c) => c.id === state.entry.channelAccountId) : undefined;
  return createPortal(
    <div id="event-hover-preview" role="tooltip" className="hover-preview" hidden={!state} style={style}>
      {state ? (
        <NetworkPreview
          compact
          provider={state.entry.provider}
          channelName={channel?.name ?? state.entry.channelName}
          handle={channel?.handle}
          avatarUrl={channel?.avatarUrl}
          text={state.entry.excerpt}
          when={state.entry.scheduledAt ? formatDateTime(state.entry.scheduledAt, tz, lang) : null}
          segmentName={state.entry.segmentName}
          media={Array.from({ length: Math.min(state.entry.mediaCount, 4) }, (_, i) => ({ id: String(i), thumbUrl: null, kind: 'image' as const }))}
        />
      ) : null}
    </div>,
    document.body,
  );
}

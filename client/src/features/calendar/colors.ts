import type { CalendarEntry, ChannelAccount, ColorBy } from '../../api/types';

const FALLBACK = '#64748B';
/** Channel colours when colouring by channel (distinct, all dark enough for a 3:1 stripe on white). */
const CHANNEL_PALETTE = ['#2563EB', '#C026D3', '#0F766E', '#B45309', '#7C3AED', '#BE123C', '#4D7C0F', '#0369A1'];

export function channelColors(channels: ChannelAccount[]): Map<string, string> {
  return new Map(channels.map((channel, index) => [channel.id, CHANNEL_PALETTE[index % CHANNEL_PALETTE.length] ?? FALLBACK]));
}

export function entryColor(entry: CalendarEntry, colorBy: ColorBy, byChannel: Map<string, string>): string {
  const color =
    colorBy === 'segment' ? entry.segmentColor : colorBy === 'campaign' ? entry.campaignColor : (byChannel.get(entry.channelAccountId) ?? null);
  return color && /^#[0-9a-f]{6}$/i.test(color) ? color : FALLBACK;
}

/** `color` mixed with white: a calm tint for an event's background. */
export function tint(color: string, amount = 0.86): string {
  const n = Number.parseInt(color.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const r = mix((n >> 16) & 255);
  const g = mix((n >> 8) & 255);
  const b = mix(n & 255);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

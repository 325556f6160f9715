import type { WorkspaceNames } from './plan-csv-repository';

export const normaliseName = (value: string) => value.normalize('NFC').trim().toLowerCase();
const bareHandle = (handle: string) => normaliseName(handle).replace(/^@/, '');

type Found<T> = { ok: true; item: T } | { ok: false; reason: 'unknown' | 'ambiguous' };

/** One match by name, ignoring case; an exact-case match wins when several differ only in case. */
function pick<T>(matches: T[], exact: (item: T) => boolean): Found<T> {
  if (matches.length === 1) return { ok: true, item: matches[0] as T };
  if (matches.length === 0) return { ok: false, reason: 'unknown' };
  const exactly = matches.filter(exact);
  return exactly.length === 1 ? { ok: true, item: exactly[0] as T } : { ok: false, reason: 'ambiguous' };
}

type Channel = WorkspaceNames['channels'][number];

/** Finds channels, segments and campaigns of one workspace by the names a CSV uses. */
export function nameResolver(names: WorkspaceNames) {
  const byName = <T extends { name: string }>(items: T[], value: string) =>
    pick(
      items.filter((i) => normaliseName(i.name) === normaliseName(value)),
      (i) => i.name.trim() === value.trim(),
    );
  return {
    /** `@handle` by handle; anything else by name, then by handle. */
    channel(value: string): Found<Channel> {
      const byHandle = () =>
        pick(
          names.channels.filter((c) => bareHandle(c.handle) === bareHandle(value)),
          () => false,
        );
      if (value.trim().startsWith('@')) return byHandle();
      const named = byName(names.channels, value);
      return named.ok || named.reason === 'ambiguous' ? named : byHandle();
    },
    segment: (value: string) => byName(names.segments, value),
    campaign: (value: string) => byName(names.campaigns, value),
    /** What the export writes for a channel: its name when that finds it again, else `@handle`. */
    channelLabel(channel: Channel): string {
      const named = byName(names.channels, channel.name);
      if (!channel.name.trim().startsWith('@') && named.ok && named.item.id === channel.id) return channel.name;
      return `@${channel.handle.replace(/^@/, '')}`;
    },
  };
}

/**
 * What goes to the network for one variant (pure): the text (with the link appended where the
 * network has no link field), media, first comment, Facebook targeting from the segment, and a
 * fingerprint to find the post again when an attempt's outcome is unknown.
 */
import { createHash } from 'node:crypto';
import type { PublishRequest, Targeting } from '../../channels/providers/provider';
import type { PublishRow } from './publishing-repository';

/** Same text modulo white space and case: what `findPublished` matches on. */
export function fingerprintOf(text: string): string {
  return createHash('sha256').update(text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex').slice(0, 32);
}

const GENDERS: Record<string, number> = { male: 1, female: 2 };

export function targetingOf(segment: PublishRow['segment']): Targeting | null {
  if (!segment) return null;
  const regions = (segment.regions as Array<{ country?: string; region?: string; city?: string }> | null) ?? [];
  const countries = [...new Set(regions.flatMap((r) => (r.country ? [r.country.toUpperCase()] : [])))];
  const targeting: Targeting = {
    ...(countries.length ? { countries } : {}),
    ...(regions.some((r) => r.region) ? { regions: regions.flatMap((r) => (r.region ? [{ key: r.region }] : [])) } : {}),
    ...(regions.some((r) => r.city) ? { cities: regions.flatMap((r) => (r.city ? [{ key: r.city }] : [])) } : {}),
    ...(segment.ageMin ? { ageMin: segment.ageMin } : {}),
    ...(segment.ageMax ? { ageMax: segment.ageMax } : {}),
    ...(segment.genders.length ? { genders: segment.genders.flatMap((g) => (GENDERS[g] ? [GENDERS[g]] : [])) } : {}),
  };
  return Object.keys(targeting).length ? targeting : null;
}

export function publishRequestOf(row: PublishRow, media: PublishRequest['media']): PublishRequest {
  // X has no link field: the link goes at the end of the text (the validator counts it as 23).
  const text = row.channelAccount.provider === 'x' && row.link && !row.text.includes(row.link) ? `${row.text} ${row.link}`.trim() : row.text;
  return {
    text,
    link: row.channelAccount.provider === 'x' ? null : row.link,
    media,
    firstComment: row.firstComment,
    targeting: row.channelAccount.provider === 'facebook_page' ? targetingOf(row.segment) : null,
    fingerprint: fingerprintOf(text),
  };
}

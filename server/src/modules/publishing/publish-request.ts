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

type Place = NonNullable<Targeting['places']>[number];

export function targetingOf(segment: PublishRow['segment']): Targeting | null {
  if (!segment) return null;
  const places = ((segment.regions as Place[] | null) ?? []).flatMap((r): Place[] =>
    r.country ? [{ country: r.country.toUpperCase(), ...(r.region ? { region: r.region } : {}), ...(r.city ? { city: r.city } : {}) }] : [],
  );
  const genders = segment.genders.filter((g): g is 'male' | 'female' => g === 'male' || g === 'female');
  const targeting: Targeting = {
    ...(places.length ? { places } : {}),
    ...(segment.ageMin ? { ageMin: segment.ageMin } : {}),
    ...(segment.ageMax ? { ageMax: segment.ageMax } : {}),
    ...(genders.length ? { genders } : {}),
    ...(segment.locales.length ? { languages: segment.locales } : {}),
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

/**
 * A segment's audience in Graph's words. Graph targets regions, cities and languages by its own keys, so
 * names ("Busan", "부산") and BCP 47 tags (`ko-KR`) are looked up with Graph's targeting search
 * (`GET /search?type=adgeolocation`, `type=adlocale`) while the post is staged, and each answer is kept
 * for a day in this process (the keys are stable, and one burst of posts shares a few segments).
 *
 * Each place targets its most specific level: `{KR, city: Busan}` is Busan, not all of Korea. A place
 * inside another place of the same segment is left out (Graph refuses overlapping locations, and the
 * larger one covers it). A name Graph does not know fails the post with a reason the planner can act
 * on; a post is never sent to a wider audience than its segment's.
 */
import { ProviderError, type Targeting, type UnknownTarget } from './provider';

/** Graph's targeting spec, as `targeting` and `feed_targeting` take it. */
export interface GraphTargeting {
  geo_locations?: { countries?: string[]; regions?: Array<{ key: string }>; cities?: Array<{ key: string }> };
  age_min?: number;
  age_max?: number;
  genders?: number[];
  locales?: number[];
}

/** What the search answers: `data` rows, as Graph sends them. */
export type TargetingSearch = (params: Record<string, string>) => Promise<Array<Record<string, unknown>>>;

/** The audience with Graph's keys in place of names. */
export interface ResolvedTargeting {
  countries: string[];
  regions: string[];
  cities: string[];
  locales: number[];
  ageMin?: number;
  ageMax?: number;
  genders: number[];
}

const GENDERS = { male: 1, female: 2 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 5_000;

const englishName = (type: 'language' | 'region', code: string): string | null => {
  try {
    return new Intl.DisplayNames('en', { type, fallback: 'none' }).of(code) ?? null;
  } catch {
    return null;
  }
};
const parsed = (tag: string): Intl.Locale | null => {
  try {
    return new Intl.Locale(tag);
  } catch {
    return null;
  }
};
/** The language's English name, as Graph names its locales ("Korean" for `ko-KR`). */
const languageOf = (tag: string) => {
  const language = parsed(tag)?.language;
  return language ? englishName('language', language) : null;
};
const regionOf = (tag: string) => parsed(tag)?.region;
const same = (a: unknown, b: string) => typeof a === 'string' && a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

/**
 * The Graph locale for a BCP 47 tag among the search's rows: the regional one when the tag has a region
 * (`en-GB` → "English (UK)"), else the language's "(All)" entry, else the plain language ("Korean").
 */
export function pickLocale(tag: string, rows: Array<Record<string, unknown>>): number | null {
  const language = languageOf(tag);
  if (!language) return null;
  const region = regionOf(tag);
  const regionNames = region ? [region, region === 'GB' ? 'UK' : null, englishName('region', region)].filter((n): n is string => !!n) : [];
  const named = (name: string) => rows.find((r) => same(r.name, name));
  const candidates = [
    ...regionNames.map((r) => named(`${language} (${r})`)),
    ...(region ? [named(language), named(`${language} (All)`)] : [named(`${language} (All)`), named(language)]),
    rows.find((r) => typeof r.name === 'string' && r.name.toLocaleLowerCase().startsWith(language.toLocaleLowerCase())),
  ];
  const hit = candidates.find((r) => r !== undefined);
  const key = Number(hit?.key);
  return hit && Number.isInteger(key) ? key : null;
}

/** The place among the search's rows: the exact name in the right country (and region, for a city), else the best-ranked one there. */
export function pickPlace(
  place: { country: string; name: string; region?: string },
  rows: Array<Record<string, unknown>>,
): Record<string, unknown> | null {
  const inCountry = rows.filter((r) => same(r.country_code, place.country));
  const inRegion = place.region ? inCountry.filter((r) => same(r.region, place.region as string)) : [];
  return inRegion.find((r) => same(r.name, place.name)) ?? inCountry.find((r) => same(r.name, place.name)) ?? inRegion[0] ?? inCountry[0] ?? null;
}

/** One resolver per provider: the day-long cache is shared by every account (targeting keys are not per Page). */
export function createTargetingResolver() {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  const remembered = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < DAY_MS) return hit.value as Promise<T>;
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    const value = work();
    cache.set(key, { at: Date.now(), value });
    // A failed search is asked again next time, not remembered.
    value.catch(() => cache.delete(key));
    return value;
  };

  /** Graph's key for a region or city, or null when Graph knows no such place there. */
  async function place(search: TargetingSearch, query: UnknownTarget & { kind: 'region' | 'city' }) {
    const key = `${query.kind}|${query.country}|${query.region ?? ''}|${query.name}`.toLocaleLowerCase();
    const hit = await remembered(key, async () =>
      pickPlace(
        { country: query.country as string, name: query.name, ...(query.region ? { region: query.region } : {}) },
        await search({
          type: 'adgeolocation',
          location_types: JSON.stringify([query.kind]),
          q: query.name,
          country_code: query.country as string,
          limit: '25',
        }),
      ),
    );
    return hit ? { key: String(hit.key), regionKey: hit.region_id === undefined ? null : String(hit.region_id) } : null;
  }

  /** Graph's key for a language tag, or null when Graph has no such locale. */
  async function locale(search: TargetingSearch, tag: string): Promise<number | null> {
    const language = languageOf(tag);
    if (!language) return null;
    return remembered(`locale|${tag}`.toLocaleLowerCase(), async () => pickLocale(tag, await search({ type: 'adlocale', q: language, limit: '50' })));
  }

  /** Every name of the audience looked up at once; `null` keys are names Graph does not know. */
  async function lookUp(targeting: Targeting, search: TargetingSearch) {
    const places = targeting.places ?? [];
    const countries = [...new Set(places.filter((p) => !p.region && !p.city).map((p) => p.country))];
    const asked: Array<UnknownTarget & { kind: 'region' | 'city' }> = places.flatMap((p): Array<UnknownTarget & { kind: 'region' | 'city' }> => {
      if (countries.includes(p.country)) return [];
      if (p.city) return [{ kind: 'city' as const, name: p.city, country: p.country, ...(p.region ? { region: p.region } : {}) }];
      return p.region ? [{ kind: 'region' as const, name: p.region, country: p.country }] : [];
    });
    const languages = targeting.languages ?? [];
    const [found, locales] = await Promise.all([
      Promise.all(asked.map((q) => place(search, q))),
      Promise.all(languages.map((tag) => locale(search, tag))),
    ]);
    const unknown: UnknownTarget[] = [
      ...asked.filter((_, i) => found[i] === null).map(({ kind, name, country }) => ({ kind, name, country })),
      ...languages.filter((_, i) => locales[i] === null).map((name) => ({ kind: 'language' as const, name })),
    ];
    return { countries, asked, found, locales, unknown };
  }

  return {
    /** The audience with Graph's keys; a name Graph does not know fails it (`rejected`: the post must not go out wider). */
    async resolve(targeting: Targeting, search: TargetingSearch): Promise<ResolvedTargeting> {
      const { countries, asked, found, locales, unknown } = await lookUp(targeting, search);
      if (unknown[0]) throw unknownName(describeUnknown(unknown[0]));
      const keyOf = (kind: 'region' | 'city') => asked.flatMap((q, i) => (q.kind === kind && found[i] ? [found[i]] : []));
      const regionKeys = [...new Set(keyOf('region').map((r) => r.key))];
      return {
        countries,
        regions: regionKeys,
        // A city inside a targeted region is covered by the region.
        cities: [
          ...new Set(
            keyOf('city')
              .filter((c) => !c.regionKey || !regionKeys.includes(c.regionKey))
              .map((c) => c.key),
          ),
        ],
        locales: [...new Set(locales.filter((k): k is number => k !== null))],
        ...(targeting.ageMin ? { ageMin: targeting.ageMin } : {}),
        ...(targeting.ageMax ? { ageMax: targeting.ageMax } : {}),
        genders: (targeting.genders ?? []).map((g) => GENDERS[g]),
      };
    },
    /** The audience's names Graph does not know (empty when it can be targeted as it is). */
    async unknown(targeting: Targeting, search: TargetingSearch): Promise<UnknownTarget[]> {
      return (await lookUp(targeting, search)).unknown;
    },
  };
}

/** In words, for a failure reason: `city "Atlantis" in South Korea`, `language tlh`. */
export function describeUnknown(u: UnknownTarget): string {
  if (u.kind === 'language') return `language ${u.name}`;
  return `${u.kind} "${u.name}" in ${englishName('region', u.country ?? '') ?? u.country}`;
}

function unknownName(what: string): ProviderError {
  return new ProviderError('rejected', `Facebook has no ${what} to target. Fix the segment's places or languages, then retry.`, {
    networkCode: 'targeting_unknown',
  });
}

/**
 * `targeting` restricts who can see the post (Graph takes geo_locations, age_min, genders and locales there);
 * `feed_targeting` shapes News Feed distribution and also takes age_max. Both get the same audience.
 */
export function graphTargetingOf(resolved: ResolvedTargeting | null): { targeting?: GraphTargeting; feed_targeting?: GraphTargeting } {
  if (!resolved) return {};
  const geo: GraphTargeting['geo_locations'] = {
    ...(resolved.countries.length ? { countries: resolved.countries } : {}),
    ...(resolved.regions.length ? { regions: resolved.regions.map((key) => ({ key })) } : {}),
    ...(resolved.cities.length ? { cities: resolved.cities.map((key) => ({ key })) } : {}),
  };
  const common: GraphTargeting = {
    ...(Object.keys(geo).length ? { geo_locations: geo } : {}),
    ...(resolved.ageMin ? { age_min: resolved.ageMin } : {}),
    ...(resolved.genders.length ? { genders: resolved.genders } : {}),
    ...(resolved.locales.length ? { locales: resolved.locales } : {}),
  };
  const feed: GraphTargeting = { ...common, ...(resolved.ageMax ? { age_max: resolved.ageMax } : {}) };
  if (Object.keys(feed).length === 0) return {};
  return { ...(Object.keys(common).length ? { targeting: common } : {}), feed_targeting: feed };
}

/**
 * Graph's targeting catalogue, as the emulator knows it: `GET /search?type=adlocale` and
 * `GET /search?type=adgeolocation` answer from it, and a Page post whose `targeting` or `feed_targeting`
 * names a key that is not in it is refused with `(#100)`, as Graph refuses it. The keys are the emulator's
 * own (Graph's are opaque numbers too); the names are Graph's English names, with Korean aliases that
 * the search also matches (Graph matches a place's local name too).
 */
import type { Json, JsonObject } from './kit';

interface Locale {
  key: number;
  name: string;
}

interface Place {
  key: string;
  name: string;
  type: 'region' | 'city';
  countryCode: string;
  countryName: string;
  aliases: string[];
  /** Cities: the region they are in. */
  region?: { name: string; key: string };
}

export const GRAPH_LOCALES: Locale[] = [
  { key: 6, name: 'English (US)' },
  { key: 24, name: 'English (UK)' },
  { key: 1001, name: 'English (All)' },
  { key: 25, name: 'Korean' },
  { key: 11, name: 'Japanese' },
  { key: 20, name: 'Chinese (Simplified)' },
  { key: 21, name: 'Chinese (Traditional)' },
  { key: 23, name: 'Spanish' },
  { key: 7, name: 'Spanish (Spain)' },
  { key: 1002, name: 'Spanish (All)' },
  { key: 9, name: 'French (France)' },
  { key: 44, name: 'French (Canada)' },
  { key: 1003, name: 'French (All)' },
  { key: 5, name: 'German' },
  { key: 27, name: 'Vietnamese' },
];

const countryName = (code: string) => new Intl.DisplayNames('en', { type: 'region' }).of(code) ?? code;

const region = (key: string, name: string, countryCode: string, aliases: string[] = []): Place => ({
  key,
  name,
  type: 'region',
  countryCode,
  countryName: countryName(countryCode),
  aliases,
});
const city = (key: string, name: string, inRegion: Place, aliases: string[] = []): Place => ({
  key,
  name,
  type: 'city',
  countryCode: inRegion.countryCode,
  countryName: inRegion.countryName,
  aliases,
  region: { name: inRegion.name, key: inRegion.key },
});

const seoul = region('3854', 'Seoul', 'KR', ['서울', '서울특별시']);
const busan = region('3855', 'Busan', 'KR', ['부산', '부산광역시']);
const gyeonggi = region('3859', 'Gyeonggi-do', 'KR', ['경기', '경기도', 'Gyeonggi']);
const jeju = region('3860', 'Jeju', 'KR', ['제주', '제주특별자치도']);
const california = region('3847', 'California', 'US');
const newYork = region('3875', 'New York', 'US');
const tokyo = region('2238', 'Tokyo', 'JP', ['東京都']);

export const GRAPH_PLACES: Place[] = [
  seoul,
  busan,
  gyeonggi,
  jeju,
  california,
  newYork,
  tokyo,
  city('1023452', 'Seoul', seoul, ['서울']),
  city('1023460', 'Busan', busan, ['부산']),
  city('1023470', 'Suwon', gyeonggi, ['수원', '수원시']),
  city('1023475', 'Seongnam', gyeonggi, ['성남', '성남시']),
  city('1023481', 'Jeju City', jeju, ['제주시']),
  city('2420379', 'Los Angeles', california),
  city('2421836', 'San Francisco', california),
  city('2490299', 'New York', newYork, ['New York City']),
  city('2248443', 'Shibuya', tokyo, ['渋谷区']),
];

const matches = (q: string, names: string[]) => {
  const needle = q.trim().toLocaleLowerCase();
  return needle.length > 0 && names.some((n) => n.toLocaleLowerCase().includes(needle));
};

function listParam(value: string | null): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
  } catch {
    return value.split(',').map((s) => s.trim());
  }
}

/** `GET /search`: the locale or place results Graph would give, or null for a type the emulator does not know. */
export function targetingSearch(query: URLSearchParams): Json[] | null {
  const q = query.get('q') ?? '';
  const limit = Math.min(1000, Math.max(1, Number(query.get('limit') ?? 25) || 25));
  const type = query.get('type');
  if (type === 'adlocale') return GRAPH_LOCALES.filter((l) => matches(q, [l.name])).slice(0, limit) as unknown as Json[];
  if (type !== 'adgeolocation') return null;
  const types = listParam(query.get('location_types'));
  const country = query.get('country_code')?.toUpperCase();
  return GRAPH_PLACES.filter(
    (p) => (types.length === 0 || types.includes(p.type)) && (!country || p.countryCode === country) && matches(q, [p.name, ...p.aliases]),
  )
    .slice(0, limit)
    .map((p) => {
      const row: JsonObject = {
        key: p.key,
        name: p.name,
        type: p.type,
        country_code: p.countryCode,
        country_name: p.countryName,
        supports_region: true,
        supports_city: true,
      };
      if (p.region) {
        row.region = p.region.name;
        row.region_id = Number(p.region.key);
      }
      return row;
    });
}

/** The first key in a Page post's targeting spec that Graph would not know, in Graph's words; null when all are known. */
export function invalidTargetingKey(spec: unknown, param: string): string | null {
  if (!spec || typeof spec !== 'object') return null;
  const s = spec as { geo_locations?: { countries?: unknown[]; regions?: unknown[]; cities?: unknown[] }; locales?: unknown[] };
  const keyOf = (entry: unknown) => String(typeof entry === 'object' && entry !== null ? (entry as { key?: unknown }).key : entry);
  const isPlace = (type: Place['type']) => (key: string) => GRAPH_PLACES.some((p) => p.type === type && p.key === key);
  const checks: Array<{ path: string; what: string; entries: unknown[] | undefined; known: (key: string) => boolean }> = [
    { path: '[geo_locations][countries]', what: 'country code', entries: s.geo_locations?.countries, known: (k) => /^[A-Z]{2}$/.test(k) },
    { path: '[geo_locations][regions]', what: 'region key', entries: s.geo_locations?.regions, known: isPlace('region') },
    { path: '[geo_locations][cities]', what: 'city key', entries: s.geo_locations?.cities, known: isPlace('city') },
    { path: '[locales]', what: 'locale key', entries: s.locales, known: (k) => GRAPH_LOCALES.some((l) => String(l.key) === k) },
  ];
  for (const { path, what, entries, known } of checks) {
    for (const [i, entry] of (entries ?? []).entries()) {
      const key = keyOf(entry);
      if (!known(key)) return `(#100) Param ${param}${path}[${i}] is not a valid ${what}: ${key}`;
    }
  }
  return null;
}

import { describe, expect, it } from 'vitest';
import { createTargetingResolver, graphTargetingOf, pickLocale, pickPlace } from '../../server/src/channels/providers/facebook-targeting';
import { targetingOf } from '../../server/src/modules/publishing/publish-request';

const segment = (extra: Partial<Parameters<typeof targetingOf>[0] & object> = {}) => ({
  regions: [],
  ageMin: null,
  ageMax: null,
  genders: [],
  locales: [],
  ...extra,
});

describe('a segment as a network-neutral audience', () => {
  it('keeps places, ages, genders and language tags in the segment’s words', () => {
    expect(
      targetingOf(
        segment({
          regions: [{ country: 'kr', region: '부산' }, { country: 'US' }, { region: 'no country' }],
          ageMin: 20,
          ageMax: 29,
          genders: ['female', 'other'],
          locales: ['ko-KR'],
        }),
      ),
    ).toEqual({
      places: [{ country: 'KR', region: '부산' }, { country: 'US' }],
      ageMin: 20,
      ageMax: 29,
      genders: ['female'],
      languages: ['ko-KR'],
    });
    expect(targetingOf(segment())).toBeNull();
    expect(targetingOf(null)).toBeNull();
  });
});

describe('Graph’s keys for languages and places', () => {
  const locales = [
    { key: 6, name: 'English (US)' },
    { key: 24, name: 'English (UK)' },
    { key: 1001, name: 'English (All)' },
    { key: 9, name: 'French (France)' },
    { key: 44, name: 'French (Canada)' },
    { key: 25, name: 'Korean' },
  ];

  it('picks the regional locale for a tag with a region, the "(All)" one for a bare language, the plain one otherwise', () => {
    expect(pickLocale('en-US', locales)).toBe(6);
    expect(pickLocale('en-GB', locales)).toBe(24);
    expect(pickLocale('en', locales)).toBe(1001);
    expect(pickLocale('en-AU', locales)).toBe(1001);
    expect(pickLocale('fr-CA', locales)).toBe(44);
    expect(pickLocale('fr', locales)).toBe(9);
    expect(pickLocale('ko-KR', locales)).toBe(25);
    expect(pickLocale('ja-JP', locales)).toBeNull();
    expect(pickLocale('not a tag', locales)).toBeNull();
  });

  it('picks the exact name in the right country, preferring the given region, else the best-ranked result there', () => {
    const rows = [
      { key: 'a', name: 'Springfield', country_code: 'US', region: 'Illinois' },
      { key: 'b', name: 'Springfield', country_code: 'US', region: 'Missouri' },
      { key: 'c', name: 'Springfield Gardens', country_code: 'US', region: 'New York' },
      { key: 'd', name: 'Springfield', country_code: 'AU', region: 'Queensland' },
    ];
    expect(pickPlace({ country: 'US', name: 'springfield', region: 'Missouri' }, rows)?.key).toBe('b');
    expect(pickPlace({ country: 'US', name: 'Springfield' }, rows)?.key).toBe('a');
    expect(pickPlace({ country: 'AU', name: 'Springfield' }, rows)?.key).toBe('d');
    expect(pickPlace({ country: 'US', name: 'Springf' }, rows)?.key).toBe('a');
    expect(pickPlace({ country: 'KR', name: 'Springfield' }, rows)).toBeNull();
  });

  it('asks once per name, shares the answer between concurrent posts, and asks again after a failure', async () => {
    const resolver = createTargetingResolver();
    const asked: string[] = [];
    let fail = true;
    const search = async (params: Record<string, string>) => {
      asked.push(params.q as string);
      await new Promise((r) => setTimeout(r, 5));
      if (fail && params.q === 'Busan') {
        fail = false;
        throw new Error('Graph is down');
      }
      return params.type === 'adlocale' ? locales : [{ key: '3855', name: 'Busan', country_code: 'KR' }];
    };
    const audience = { places: [{ country: 'KR', region: 'Busan' }], languages: ['ko-KR'] };
    await expect(resolver.resolve(audience, search)).rejects.toThrow('Graph is down');
    const [one, two] = await Promise.all([resolver.resolve(audience, search), resolver.resolve(audience, search)]);
    expect(one).toEqual(two);
    expect(graphTargetingOf(one ?? null)).toEqual({
      targeting: { geo_locations: { regions: [{ key: '3855' }] }, locales: [25] },
      feed_targeting: { geo_locations: { regions: [{ key: '3855' }] }, locales: [25] },
    });
    expect(asked.sort()).toEqual(['Busan', 'Busan', 'Korean']);
  });

  it('lists every name Graph does not know, in the words of the segment, and none for a country it targets whole', async () => {
    const resolver = createTargetingResolver();
    const search = async (params: Record<string, string>) =>
      params.type === 'adlocale' ? locales : params.q === 'Busan' ? [{ key: '3855', name: 'Busan', country_code: 'KR' }] : [];
    const unknown = await resolver.unknown(
      {
        places: [{ country: 'KR', region: 'Busan' }, { country: 'KR', city: 'Atlantis' }, { country: 'US' }, { country: 'US', city: 'Nowhere' }],
        languages: ['ko-KR', 'tlh'],
      },
      search,
    );
    expect(unknown).toEqual([
      { kind: 'city', name: 'Atlantis', country: 'KR' },
      { kind: 'language', name: 'tlh' },
    ]);
    await expect(resolver.resolve({ places: [{ country: 'KR', city: 'Atlantis' }] }, search)).rejects.toThrow('city "Atlantis" in South Korea');
    expect(await resolver.unknown({ places: [{ country: 'KR', region: 'Busan' }], languages: ['ko'] }, search)).toEqual([]);
  });

  it('sends no targeting at all for an empty audience', () => {
    expect(graphTargetingOf({ countries: [], regions: [], cities: [], locales: [], genders: [] })).toEqual({});
    expect(graphTargetingOf(null)).toEqual({});
  });
});

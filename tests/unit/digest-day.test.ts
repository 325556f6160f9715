import { describe, expect, it } from 'vitest';
import { digestEyebrowKey, digestRelation } from '../../client/src/features/digest/digest-day';
import en from '../../client/src/i18n/en.json';
import ko from '../../client/src/i18n/ko.json';

describe('which digest the page shows', () => {
  it('is today’s, a past one, or one composed ahead for tomorrow morning — not “past”', () => {
    expect(digestRelation('2026-12-01', '2026-12-01')).toBe('today');
    expect(digestRelation('2026-11-30', '2026-12-01')).toBe('past');
    expect(digestRelation('2026-12-02', '2026-12-01')).toBe('upcoming');
    expect(digestRelation('2026-12-01', undefined)).toBe('today');
  });

  it('has its label in both languages', () => {
    for (const relation of ['today', 'past', 'upcoming'] as const) {
      const key = digestEyebrowKey[relation].replace('digest.', '') as keyof typeof ko.digest;
      expect(ko.digest[key]).toBeTruthy();
      expect(en.digest[key]).toBeTruthy();
    }
    expect(ko.digest.upcomingDigest).toBe('다음 브리핑 (미리 보기)');
  });
});

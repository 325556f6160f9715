import { describe, expect, it } from 'vitest';
import { formatProblem, problemMessages, problemMessageVariants } from '../../server/src/modules/posts/rules/messages';
import { type Provider, providers } from '../../server/src/modules/posts/rules/network-rules';
import {
  type MediaDraft,
  type Problem,
  problemCodes,
  textLength,
  type VariantDraft,
  validateVariant,
} from '../../server/src/modules/posts/rules/validate-variant';

const now = new Date('2025-06-01T09:00:00Z');
const MB = 1024 * 1024;

const jpeg: MediaDraft = { kind: 'image', mimeType: 'image/jpeg', bytes: 1 * MB, width: 1080, height: 1080 };
const png: MediaDraft = { kind: 'image', mimeType: 'image/png', bytes: 1 * MB };
const mp4 = (seconds: number): MediaDraft => ({ kind: 'video', mimeType: 'video/mp4', bytes: 20 * MB, durationMs: seconds * 1000 });

function times(count: number, item: MediaDraft): MediaDraft[] {
  return Array.from({ length: count }, () => item);
}

function draft(provider: Provider, overrides: Partial<VariantDraft> = {}): VariantDraft {
  const media = provider === 'instagram' ? [jpeg] : [];
  return { provider, text: 'Hello', media, ...overrides };
}

function validate(provider: Provider, overrides: Partial<VariantDraft> = {}): Problem[] {
  return validateVariant(draft(provider, overrides), { now });
}

function codes(problems: Problem[]): string[] {
  return problems.map((problem) => problem.code);
}

function hashtags(count: number): string {
  return Array.from({ length: count }, (_, i) => `#소통${i}`).join(' ');
}

function mentions(count: number): string {
  return Array.from({ length: count }, (_, i) => `@user_${i}`).join(' ');
}

describe('X text length (weighted by twitter-text)', () => {
  it('counts Korean characters as 2: 140 fit, 141 do not', () => {
    expect(validate('x', { text: '가'.repeat(140) })).toEqual([]);
    expect(validate('x', { text: '가'.repeat(141) })).toEqual([
      { code: 'text_too_long', field: 'text', severity: 'error', params: { length: 282, max: 280, provider: 'x' } },
    ]);
  });

  it('counts ASCII as 1: 280 fit, 281 do not', () => {
    expect(validate('x', { text: 'a'.repeat(280) })).toEqual([]);
    expect(codes(validate('x', { text: 'a'.repeat(281) }))).toEqual(['text_too_long']);
  });

  it('counts every URL as 23 whatever its length', () => {
    const short = 'https://ex.co';
    const long = `https://example.com/${'path/'.repeat(60)}?q=1`;
    expect(textLength('x', short)).toEqual({ length: 23, max: 280 });
    expect(textLength('x', long)).toEqual({ length: 23, max: 280 });
    expect(validate('x', { text: `${'a'.repeat(256)} ${long}` })).toEqual([]);
    expect(codes(validate('x', { text: `${'a'.repeat(257)} ${long}` }))).toEqual(['text_too_long']);
  });

  it('adds Korean and URLs together', () => {
    const url = 'https://sotong.co.kr/campaigns/2025/summer-sale?utm_source=x';
    // 128 × 2 + 1 space + 23 = 280
    expect(textLength('x', `${'소'.repeat(128)} ${url}`)).toEqual({ length: 280, max: 280 });
    expect(validate('x', { text: `${'소'.repeat(128)} ${url}` })).toEqual([]);
    expect(validate('x', { text: `${'소'.repeat(129)} ${url}` })[0]?.params).toEqual({ length: 282, max: 280, provider: 'x' });
  });

  it('counts a separate link as the space and 23 the X publish appends', () => {
    const link = `https://example.com/${'long/'.repeat(30)}`;
    expect(textLength('x', 'a'.repeat(256), link)).toEqual({ length: 280, max: 280 });
    expect(validate('x', { text: 'a'.repeat(256), link })).toEqual([]);
    expect(validate('x', { text: 'a'.repeat(257), link })).toEqual([
      { code: 'text_too_long', field: 'text', severity: 'error', params: { length: 281, max: 280, provider: 'x' } },
    ]);
    // Korean: 128 × 2 + 1 + 23 = 280; one more syllable is over.
    expect(validate('x', { text: '소'.repeat(128), link })).toEqual([]);
    expect(codes(validate('x', { text: '소'.repeat(129), link }))).toEqual(['text_too_long']);
    // A link the text already holds is not counted twice; other networks keep the link out of the text.
    expect(textLength('x', `${'a'.repeat(256)} ${link}`, link)).toEqual({ length: 280, max: 280 });
    expect(textLength('facebook_page', 'a'.repeat(10), link)).toEqual({ length: 10, max: 63_206 });
  });

  it('does not weigh other networks', () => {
    expect(textLength('facebook_page', '가'.repeat(10))).toEqual({ length: 10, max: 63_206 });
    expect(textLength('instagram', 'https://example.com/long/path')).toEqual({ length: 29, max: 2_200 });
  });
});

describe('Facebook Page', () => {
  it('allows 63,206 characters and refuses 63,207', () => {
    expect(validate('facebook_page', { text: '가'.repeat(63_206) })).toEqual([]);
    expect(validate('facebook_page', { text: '가'.repeat(63_207) })[0]).toMatchObject({
      code: 'text_too_long',
      params: { length: 63_207, max: 63_206 },
    });
  });

  it('allows 10 images or 1 video, not both', () => {
    expect(validate('facebook_page', { media: times(10, png) })).toEqual([]);
    expect(codes(validate('facebook_page', { media: times(11, png) }))).toEqual(['too_many_images']);
    expect(codes(validate('facebook_page', { media: [mp4(60), mp4(60)] }))).toEqual(['too_many_videos']);
    expect(codes(validate('facebook_page', { media: [png, mp4(60)] }))).toEqual(['mixed_media']);
  });

  it('refuses text-only posts with no text', () => {
    expect(validate('facebook_page', { text: '  \n ' })).toEqual([{ code: 'text_empty', field: 'text', severity: 'error', params: {} }]);
    expect(validate('facebook_page', { text: '', media: [png] })).toEqual([]);
  });
});

describe('Instagram', () => {
  it('allows 2,200 characters and refuses 2,201', () => {
    expect(validate('instagram', { text: 'a'.repeat(2_200) })).toEqual([]);
    expect(validate('instagram', { text: 'a'.repeat(2_201) })).toEqual([
      { code: 'text_too_long', field: 'text', severity: 'error', params: { length: 2_201, max: 2_200, provider: 'instagram' } },
    ]);
  });

  it('allows 30 hashtags (Korean ones included) and refuses 31', () => {
    expect(validate('instagram', { text: `여름 세일 ${hashtags(30)}` })).toEqual([]);
    expect(validate('instagram', { text: `여름 세일 ${hashtags(31)}` })).toEqual([
      { code: 'too_many_hashtags', field: 'text', severity: 'error', params: { count: 31, max: 30 } },
    ]);
  });

  it('allows 20 mentions and refuses 21', () => {
    expect(validate('instagram', { text: mentions(20) })).toEqual([]);
    expect(validate('instagram', { text: mentions(21) })[0]).toMatchObject({ code: 'too_many_mentions', params: { count: 21, max: 20 } });
  });

  it('does not limit hashtags or mentions on X and Facebook', () => {
    expect(validate('facebook_page', { text: `${hashtags(40)} ${mentions(25)}` })).toEqual([]);
  });

  it('requires media, and does not also call a caption-less post empty', () => {
    expect(validate('instagram', { text: '', media: [] })).toEqual([{ code: 'media_required', field: 'media', severity: 'error', params: {} }]);
    expect(validate('instagram', { text: '', media: [jpeg] })).toEqual([]);
  });

  it('accepts only JPEG images', () => {
    expect(validate('instagram', { media: [jpeg, png] })).toEqual([
      { code: 'media_type_unsupported', field: 'media.1', severity: 'error', params: { mimeType: 'image/png', allowed: 'JPEG' } },
    ]);
  });

  it('accepts aspect ratios from 4:5 to 1.91:1 when the size is known', () => {
    const image = (width: number, height: number): MediaDraft => ({ ...jpeg, width, height });
    expect(validate('instagram', { media: [image(1080, 1350), image(1910, 1000), image(1080, 566)] })).toEqual([]);
    expect(validate('instagram', { media: [image(1080, 1920)] })).toEqual([
      {
        code: 'aspect_ratio_unsupported',
        field: 'media.0',
        severity: 'error',
        params: { width: 1080, height: 1920, min: '4:5', max: '1.91:1' },
      },
    ]);
    expect(codes(validate('instagram', { media: [image(2000, 1000)] }))).toEqual(['aspect_ratio_unsupported']);
    expect(validate('instagram', { media: [{ ...jpeg, width: null, height: null }] })).toEqual([]);
  });

  it('takes a carousel of up to 10 items, images and videos mixed', () => {
    expect(validate('instagram', { media: [...times(7, jpeg), mp4(30), mp4(30), mp4(30)] })).toEqual([]);
    expect(validate('instagram', { media: [...times(8, jpeg), mp4(30), mp4(30), mp4(30)] })).toEqual([
      { code: 'too_many_media', field: 'media', severity: 'error', params: { count: 11, max: 10 } },
    ]);
  });

  it('keeps reels between 3 and 90 seconds', () => {
    expect(validate('instagram', { media: [mp4(3)] })).toEqual([]);
    expect(validate('instagram', { media: [mp4(90)] })).toEqual([]);
    expect(validate('instagram', { media: [mp4(2.5)] })).toEqual([
      { code: 'video_too_short', field: 'media.0', severity: 'error', params: { seconds: 2.5, minSeconds: 3 } },
    ]);
    expect(validate('instagram', { media: [mp4(91)] })[0]).toMatchObject({ code: 'video_too_long', params: { seconds: 91, maxSeconds: 90 } });
  });
});

describe('X media', () => {
  it('allows 4 images and refuses 5', () => {
    expect(validate('x', { media: times(4, png) })).toEqual([]);
    expect(validate('x', { media: times(5, png) })).toEqual([
      { code: 'too_many_images', field: 'media', severity: 'error', params: { count: 5, max: 4 } },
    ]);
  });

  it('refuses an image with a video', () => {
    expect(codes(validate('x', { media: [png, mp4(10)] }))).toEqual(['mixed_media']);
  });

  it('accepts GIF and WebP, refuses other types and a video sent as an image', () => {
    const gif: MediaDraft = { kind: 'image', mimeType: 'image/gif', bytes: 2 * MB };
    const webp: MediaDraft = { kind: 'image', mimeType: 'image/webp', bytes: 2 * MB };
    expect(validate('x', { media: [gif, webp] })).toEqual([]);
    expect(validate('x', { media: [{ kind: 'image', mimeType: 'image/bmp', bytes: MB }] })[0]).toMatchObject({
      code: 'media_type_unsupported',
      params: { mimeType: 'image/bmp', allowed: 'JPEG, PNG, WEBP, GIF' },
    });
    expect(codes(validate('x', { media: [{ kind: 'image', mimeType: 'video/mp4', bytes: MB }] }))).toEqual(['media_type_unsupported']);
  });

  it('refuses a 6 MB image (limit 5 MB)', () => {
    expect(validate('x', { media: [{ ...png, bytes: 5 * MB }] })).toEqual([]);
    expect(validate('x', { media: [{ ...png, bytes: 6 * MB }] })).toEqual([
      { code: 'media_too_large', field: 'media.0', severity: 'error', params: { bytes: 6 * MB, maxBytes: 5 * MB, size: '6 MB', maxSize: '5 MB' } },
    ]);
  });

  it('keeps videos up to 140 seconds', () => {
    expect(validate('x', { media: [mp4(140)] })).toEqual([]);
    expect(validate('x', { media: [{ ...mp4(0), durationMs: 140_001 }] })).toEqual([
      { code: 'video_too_long', field: 'media.0', severity: 'error', params: { seconds: 140.1, maxSeconds: 140 } },
    ]);
    expect(validate('x', { media: [{ ...mp4(0), durationMs: null }] })).toEqual([]);
  });

  it('allows long Facebook videos up to 240 minutes', () => {
    expect(validate('facebook_page', { media: [mp4(240 * 60)] })).toEqual([]);
    expect(codes(validate('facebook_page', { media: [mp4(240 * 60 + 1)] }))).toEqual(['video_too_long']);
  });
});

describe('schedule, link, first comment and targeting', () => {
  it('refuses a time in the past and accepts one in the future', () => {
    expect(validate('x', { scheduledAt: new Date('2025-06-01T08:59:59Z') })).toEqual([
      { code: 'scheduled_in_past', field: 'scheduledAt', severity: 'error', params: { scheduledAt: '2025-06-01T08:59:59.000Z' } },
    ]);
    expect(codes(validate('x', { scheduledAt: '2024-12-31T23:00:00+09:00' }))).toEqual(['scheduled_in_past']);
    expect(validate('x', { scheduledAt: '2025-06-01T09:10:00Z' })).toEqual([]);
    expect(validate('x', { scheduledAt: now })).toEqual([]);
    expect(validate('x', { scheduledAt: null })).toEqual([]);
  });

  it('accepts only http and https links', () => {
    expect(validate('facebook_page', { link: 'https://example.com/a?b=1' })).toEqual([]);
    expect(validate('facebook_page', { link: 'http://예시.한국/경로' })).toEqual([]);
    for (const link of ['javascript:alert(1)', 'ftp://example.com/file', 'example.com', 'https://', 'mailto:a@example.com']) {
      expect(validate('facebook_page', { link }), link).toEqual([{ code: 'link_invalid', field: 'link', severity: 'error', params: {} }]);
    }
    expect(validate('facebook_page', { link: null })).toEqual([]);
  });

  it('refuses a first comment on X only', () => {
    expect(validate('x', { firstComment: '링크는 댓글에!' })).toEqual([
      { code: 'first_comment_unsupported', field: 'firstComment', severity: 'error', params: { provider: 'x' } },
    ]);
    expect(validate('x', { firstComment: '  ' })).toEqual([]);
    expect(validate('facebook_page', { firstComment: '링크는 댓글에!' })).toEqual([]);
    expect(validate('instagram', { firstComment: '#소통 #마케팅' })).toEqual([]);
  });

  it('warns that a targeted segment is only a label on X and Instagram, not on Facebook', () => {
    const segment = { regions: [{ key: '3846' }], ageMin: 20, ageMax: 39, genders: ['female'], locales: ['ko_KR'] };
    const warning = (provider: Provider): Problem => ({ code: 'targeting_unsupported', field: 'segment', severity: 'warning', params: { provider } });
    expect(validate('x', { segment })).toEqual([warning('x')]);
    expect(validate('instagram', { segment: { ageMin: 18 } })).toEqual([warning('instagram')]);
    expect(validate('facebook_page', { segment })).toEqual([]);
    expect(validate('x', { segment: { regions: [], genders: [], locales: [], ageMin: null, ageMax: null } })).toEqual([]);
    expect(validate('x', { segment: null })).toEqual([]);
  });
});

describe('messages', () => {
  /** Drafts that, together, raise every problem code on some network. */
  const everyProblem: Problem[] = [
    validate('x', { text: '가'.repeat(141), media: [png, mp4(200), ...times(4, png)], firstComment: 'hi', segment: { ageMin: 18 } }),
    validate('x', { text: '', link: 'javascript:alert(1)', scheduledAt: '2020-01-01T00:00:00Z', media: [mp4(1), mp4(0.2)] }),
    validate('facebook_page', { text: 'a'.repeat(63_207), media: [{ ...png, mimeType: 'image/heic', bytes: 11 * MB }] }),
    validate('facebook_page', { text: '' }),
    validate('instagram', { text: `${'a'.repeat(2_200)} ${hashtags(31)} ${mentions(21)}`, media: times(11, { ...jpeg, width: 100, height: 300 }) }),
    validate('instagram', { media: [] }),
    validate('instagram', { media: [...times(6, jpeg), ...times(5, mp4(30))] }),
  ].flat();

  it('are raised by the drafts above, so the placeholder check covers every code', () => {
    expect([...new Set(codes(everyProblem))].sort()).toEqual([...problemCodes].sort());
  });

  it('exist for every code in Korean and English, with nothing empty', () => {
    for (const lang of ['ko', 'en'] as const) {
      expect(Object.keys(problemMessages[lang]).sort()).toEqual([...problemCodes].sort());
      for (const message of Object.values(problemMessages[lang])) expect(message.trim()).not.toBe('');
    }
    expect(Object.keys(problemMessageVariants.ko).sort()).toEqual(Object.keys(problemMessageVariants.en).sort());
  });

  it('only use placeholders the problem carries as params', () => {
    const placeholders = (message: string) => [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]);
    for (const problem of everyProblem) {
      const templates = (['ko', 'en'] as const).flatMap((lang) => [
        problemMessages[lang][problem.code],
        ...Object.entries(problemMessageVariants[lang])
          .filter(([key]) => key.startsWith(`${problem.code}_`))
          .map(([, message]) => message ?? ''),
      ]);
      for (const template of templates) {
        for (const name of placeholders(template)) expect(Object.keys(problem.params), `${problem.code}: {{${name}}}`).toContain(name);
      }
      for (const lang of ['ko', 'en'] as const) expect(formatProblem(problem, lang)).not.toMatch(/\{\{/);
    }
  });

  it('formats with the network-specific wording when there is one', () => {
    const [xProblem] = validate('x', { text: '가'.repeat(141) });
    const [igProblem] = validate('instagram', { text: 'a'.repeat(2_201) });
    if (!xProblem || !igProblem) throw new Error('expected problems');
    expect(formatProblem(xProblem, 'ko')).toBe('X에서는 가중치 기준 280자까지 쓸 수 있어요 (지금 282자). 한글은 2자, 링크는 23자로 셉니다.');
    expect(formatProblem(xProblem, 'en')).toContain('X allows 280 weighted characters (now 282)');
    expect(formatProblem(igProblem, 'ko')).toBe('2200자까지 쓸 수 있어요 (지금 2201자).');
    expect(formatProblem(igProblem, 'en')).toBe('You can write up to 2200 characters (now 2201).');
  });

  it('covers every provider', () => {
    expect([...providers].sort()).toEqual(['facebook_page', 'instagram', 'x']);
  });
});

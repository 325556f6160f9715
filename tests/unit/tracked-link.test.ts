import { describe, expect, it } from 'vitest';
import { defaultUtm, trackedLink, utmSlug } from '../../server/src/modules/posts/rules/tracked-link';

describe('UTM links', () => {
  it('builds the template from channel, campaign and segment', () => {
    expect(defaultUtm({ provider: 'x', campaignName: '겨울 시즌 음료', segmentName: '서울 20대' })).toEqual({
      source: 'x',
      medium: 'social',
      campaign: '겨울-시즌-음료',
      content: '서울-20대',
    });
    expect(defaultUtm({ provider: 'facebook_page' })).toEqual({ source: 'facebook', medium: 'social' });
    expect(utmSlug('  Black Friday!! 2026 ')).toBe('black-friday-2026');
  });

  it('adds the parameters, lets a variant override or remove one, keeps the rest of the link', () => {
    const template = defaultUtm({ provider: 'instagram', campaignName: 'Launch', segmentName: 'US English' });
    const url = trackedLink('https://sotong.example/subscribe?ref=home#top', template, { content: 'story', medium: '' });
    expect(url).toBe('https://sotong.example/subscribe?ref=home&utm_source=instagram&utm_campaign=launch&utm_content=story#top');
    expect(trackedLink('https://a.example/?utm_source=newsletter', { medium: 'social' })).toBe(
      'https://a.example/?utm_source=newsletter&utm_medium=social',
    );
    expect(trackedLink('javascript:alert(1)', template)).toBeNull();
    expect(trackedLink('not a url', template)).toBeNull();
  });
});

import type { Provider } from './network-rules';

/** UTM parameters a variant's link carries; each one may be overridden per variant. */
export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  content?: string;
  term?: string;
}

const sourceOf: Record<Provider, string> = { facebook_page: 'facebook', instagram: 'instagram', x: 'x' };

/** Lower-case, words joined by `-`; Korean and other letters are kept (browsers percent-encode them). */
export function utmSlug(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** The default template: source = network, medium = social, campaign = campaign, content = segment. */
export function defaultUtm(context: { provider: Provider; campaignName?: string | null; segmentName?: string | null }): Utm {
  return {
    source: sourceOf[context.provider],
    medium: 'social',
    ...(context.campaignName ? { campaign: utmSlug(context.campaignName) } : {}),
    ...(context.segmentName ? { content: utmSlug(context.segmentName) } : {}),
  };
}

/**
 * The link as it is published: the template's UTM parameters, with the variant's own values on top
 * (an empty string removes a parameter). Parameters already in the link are kept unless overridden.
 * Returns null for a link that is not http(s).
 */
export function trackedLink(link: string, template: Utm, overrides: Utm | null = null): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const merged = { ...template, ...(overrides ?? {}) };
  for (const key of ['source', 'medium', 'campaign', 'content', 'term'] as const) {
    const value = merged[key];
    if (value === undefined) continue;
    if (value === '') url.searchParams.delete(`utm_${key}`);
    else url.searchParams.set(`utm_${key}`, value);
  }
  return url.toString();
}

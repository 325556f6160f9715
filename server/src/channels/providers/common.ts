/**
 * What the three adapters share: their construction options, limits read from the composer's rules, the
 * text comparison `findPublished` matches on, and the network-failure rule (refused before sending → nothing
 * happened; dropped or timed out after sending → the outcome is unknown).
 */
import { networkLimits } from '../../modules/posts/rules/network-rules';
import type { Provider, ProviderErrorKind, ProviderLimits, ProviderName } from './provider';

/** Enough of pino's logger for an adapter (it logs only redacted, token-free facts). */
export interface ProviderLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ProviderOptions {
  /** X_API_URL / META_GRAPH_URL. */
  baseUrl: string;
  logger?: ProviderLogger;
  /** Per HTTP call (default 30 s): well under the engine's 90 s dead-claim limit. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export const silentLogger: ProviderLogger = { warn: () => undefined };

/** The composer's rules (modules/posts/rules/network-rules.ts) are the one source of the numbers. */
export function limitsFor(name: ProviderName): ProviderLimits {
  const rules = networkLimits[name];
  return {
    maxTextLength: rules.text.max,
    weightedText: rules.text.counting === 'weighted',
    maxImages: rules.media.maxImages,
    maxVideos: rules.media.maxVideos,
    mediaRequired: rules.media.required,
    supportsTargeting: rules.organicTargeting,
    supportsFirstComment: rules.firstComment,
  };
}

/** NFC, white space collapsed, trimmed, lower case: the same normalisation as the publisher's fingerprint. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The network's copy of a post matches our text, also when we appended the link to a caption. */
export function sameText(remote: string, text: string): boolean {
  const ours = normalizeText(text);
  const theirs = normalizeText(remote);
  return theirs === ours || theirs.replace(/\s+https?:\/\/\S+$/, '') === ours;
}

const BEFORE_SENDING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A failure without an HTTP answer. Refused connections and failed DNS never reached the network: `transient`.
 * Anything else (socket hang-up, ECONNRESET, timeout, an unknown cause) may have been applied: `unknown_outcome`.
 */
export function networkFailureKind(code: string | null | undefined): ProviderErrorKind {
  return code && BEFORE_SENDING.has(code) ? 'transient' : 'unknown_outcome';
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects with `onTimeout()` when `promise` takes longer than `ms` (the work itself is not cancelled). */
export async function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** An adapter's `publish`: its `stage`, then the public call at once (the engine stages ahead instead). */
export function withPublish(adapter: Omit<Provider, 'publish'>): Provider {
  return { ...adapter, publish: async (account, request) => (await adapter.stage(account, request)).publish() };
}

/** The pure error classifiers of the network adapters: SDK error → the kind the publishing engine acts on. */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { describe, expect, it } from 'vitest';
import { networkFailureKind, normalizeText, sameText } from '../../server/src/channels/providers/common';
import { ProviderError } from '../../server/src/channels/providers/provider';
import { classifyXError } from '../../server/src/channels/providers/x';

const NOW = new Date('2025-05-01T00:00:00Z');
const request = {} as ClientRequest;
const response = {} as IncomingMessage;

function xResponse(code: number, data: Record<string, unknown>, rateLimit?: ApiResponseError['rateLimit']): ApiResponseError {
  return new ApiResponseError(`Request failed with code ${code}`, { code, request, response, headers: {}, data, rateLimit });
}
function xNetwork(code: string | undefined, message: string): ApiRequestError {
  return new ApiRequestError(`Request failed: ${message}`, { request, error: Object.assign(new Error(message), code ? { code } : {}) });
}

describe('classifyXError', () => {
  it('429 is rate_limited until the announced reset (or the exhausted 24-hour window)', () => {
    const reset = Math.floor(NOW.getTime() / 1000) + 900;
    const limited = classifyXError(xResponse(429, { title: 'Too Many Requests' }, { limit: 100, remaining: 0, reset }), NOW);
    expect(limited).toMatchObject({ kind: 'rate_limited', status: 429 });
    expect(limited.resetAt?.getTime()).toBe(reset * 1000);
    const day = reset + 80_000;
    const daily = classifyXError(xResponse(429, {}, { limit: 100, remaining: 50, reset, userDay: { limit: 17, remaining: 0, reset: day } }), NOW);
    expect(daily.resetAt?.getTime()).toBe(day * 1000);
    expect(classifyXError(xResponse(429, {}), NOW).resetAt?.getTime()).toBe(NOW.getTime() + 60_000);
  });

  it('401 is auth_expired; 403 duplicate and 400 invalid are rejected with X’s words; 5xx is unknown_outcome', () => {
    expect(classifyXError(xResponse(401, { title: 'Unauthorized', detail: 'Unauthorized' }), NOW)).toMatchObject({ kind: 'auth_expired' });
    const duplicate = classifyXError(xResponse(403, { detail: 'You are not allowed to create a Tweet with duplicate content.' }), NOW);
    expect(duplicate).toMatchObject({ kind: 'rejected', status: 403, message: 'X: You are not allowed to create a Tweet with duplicate content.' });
    const invalid = classifyXError(
      xResponse(400, {
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      }),
      NOW,
    );
    expect(invalid).toMatchObject({ kind: 'rejected', networkCode: 'invalid-request' });
    expect(classifyXError(xResponse(400, { errors: [{ message: 'Your media IDs are invalid.' }] }), NOW).message).toBe(
      'X: Your media IDs are invalid.',
    );
    for (const status of [500, 502, 503, 504]) expect(classifyXError(xResponse(status, {}), NOW).kind).toBe('unknown_outcome');
  });

  it('refused connections and DNS failures are transient; hang-ups, resets and timeouts are unknown_outcome', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])
      expect(classifyXError(xNetwork(code, `connect ${code}`), NOW)).toMatchObject({ kind: 'transient', networkCode: code });
    expect(classifyXError(xNetwork('ECONNRESET', 'socket hang up'), NOW).kind).toBe('unknown_outcome');
    expect(classifyXError(xNetwork(undefined, 'Request timeout.'), NOW).kind).toBe('unknown_outcome');
    expect(classifyXError(xNetwork('ETIMEDOUT', 'timeout'), NOW).kind).toBe('unknown_outcome');
    const partial = new ApiPartialResponseError('cut', { request, response, rawContent: '{"da', responseError: new Error('aborted') });
    expect(classifyXError(partial, NOW).kind).toBe('unknown_outcome');
  });

  it('keeps ProviderErrors, rejects failed media processing, and treats anything else as unknown', () => {
    const own = new ProviderError('transient', 'already classified');
    expect(classifyXError(own, NOW)).toBe(own);
    expect(classifyXError(new Error('Media processing failed: InvalidMedia'), NOW).kind).toBe('rejected');
    expect(classifyXError(new TypeError('boom'), NOW).kind).toBe('unknown_outcome');
  });
});

describe('shared adapter rules', () => {
  it('normalises text like the publisher’s fingerprint and tolerates an appended link', () => {
    expect(normalizeText('  Ｈello\u00a0\n WORLD  ')).toBe('ｈello world');
    expect(normalizeText('e\u0301')).toBe('\u00e9');
    expect(sameText('Spring menu!  https://example.com/a', 'spring menu!')).toBe(true);
    expect(sameText('Spring menu, again', 'spring menu!')).toBe(false);
  });

  it('only failures before sending are transient', () => {
    expect(networkFailureKind('ECONNREFUSED')).toBe('transient');
    expect(networkFailureKind('ECONNRESET')).toBe('unknown_outcome');
    expect(networkFailureKind(null)).toBe('unknown_outcome');
  });
});

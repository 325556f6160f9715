/** The pure error classifiers of the network adapters: SDK error → the kind the publishing engine acts on. */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { describe, expect, it } from 'vitest';
import { networkFailureKind, normalizeText, sameText } from '../../server/src/channels/providers/common';
import { classifyGraphError, type GraphFailure, graphResetAt } from '../../server/src/channels/providers/graph-call';
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

const TOKEN = 'EAAGsecretPageToken123';
function graphFailure(status: number | null, response: GraphFailure['response'], extra: Partial<GraphFailure> = {}): GraphFailure {
  return {
    name: 'FacebookRequestError',
    message: response?.message ?? 'The request was made but no response was received',
    status,
    response,
    headers: null,
    ...extra,
  };
}

describe('classifyGraphError', () => {
  it('codes 4, 17, 32, 613 and 80001 are rate limits, reset from the usage headers or a minute from now', () => {
    for (const code of [4, 17, 32, 613, 80001]) {
      const limited = classifyGraphError(graphFailure(400, { code, message: `(#${code}) limit reached` }), NOW);
      expect(limited).toMatchObject({ kind: 'rate_limited', networkCode: String(code) });
      expect(limited.resetAt?.getTime()).toBe(NOW.getTime() + 60_000);
    }
    const headers = {
      'x-business-use-case-usage': JSON.stringify({ '1': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 7 }] }),
    };
    const withHeaders = classifyGraphError(graphFailure(400, { code: 80001, message: 'too many calls' }, { headers }), NOW);
    expect(withHeaders.resetAt?.getTime()).toBe(NOW.getTime() + 7 * 60_000);
    expect(graphResetAt({ 'x-business-use-case-usage': 'not json' }, NOW).getTime()).toBe(NOW.getTime() + 60_000);
  });

  it('190 is auth_expired; is_transient 4xx is transient; 5xx is unknown_outcome; other 4xx are rejected with Graph’s words', () => {
    expect(classifyGraphError(graphFailure(400, { code: 190, error_subcode: 463, message: 'Session has expired.' }), NOW).kind).toBe('auth_expired');
    expect(classifyGraphError(graphFailure(400, { code: 2, is_transient: true, message: 'Temporary issue' }), NOW).kind).toBe('transient');
    expect(classifyGraphError(graphFailure(500, { code: 2, is_transient: true, message: 'Unexpected error' }), NOW)).toMatchObject({
      kind: 'unknown_outcome',
      status: 500,
    });
    for (const [code, message] of [
      [100, '(#100) Invalid parameter'],
      [368, 'The action attempted has been deemed abusive or is otherwise disallowed'],
      [506, 'Duplicate status message'],
      [9007, 'Media ID is not available'],
    ] as const) {
      expect(classifyGraphError(graphFailure(400, { code, message }), NOW, 'Facebook')).toMatchObject({
        kind: 'rejected',
        networkCode: String(code),
        message: `Facebook: ${message}`,
      });
    }
  });

  it('network failures: refused or DNS before sending are transient, anything else unknown', () => {
    expect(classifyGraphError(graphFailure(null, null, { networkCause: 'ECONNREFUSED' }), NOW)).toMatchObject({ kind: 'transient' });
    expect(classifyGraphError(graphFailure(null, null, { networkCause: 'ENOTFOUND' }), NOW).kind).toBe('transient');
    expect(classifyGraphError(graphFailure(null, null, { networkCause: 'ECONNRESET' }), NOW).kind).toBe('unknown_outcome');
    expect(classifyGraphError(graphFailure(null, null, { networkCause: 'ECONNABORTED' }), NOW).kind).toBe('unknown_outcome');
    expect(classifyGraphError(graphFailure(null, null), NOW).kind).toBe('unknown_outcome');
    expect(classifyGraphError(new Error('boom'), NOW).kind).toBe('unknown_outcome');
  });

  it('never lets the access token into a message', () => {
    const url = `https://graph.facebook.com/v24.0/1/feed?access_token=${TOKEN}`;
    const leaky = graphFailure(400, { code: 100, message: `Invalid URL ${url}` }, { url } as Partial<GraphFailure>);
    const classified = classifyGraphError(leaky, NOW);
    expect(classified.message).toContain('access_token=[redacted]');
    expect(JSON.stringify({ ...classified, message: classified.message })).not.toContain(TOKEN);
    expect(classifyGraphError(new Error(`GET ${url} failed`), NOW).message).not.toContain(TOKEN);
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

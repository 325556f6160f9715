import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../server/src/modules/outgoing-webhooks/address-policy';
import { MAX_ATTEMPTS, MAX_DELAY_MS, retryDelayMs } from '../../server/src/modules/outgoing-webhooks/backoff';
import { envelopeOf, linkOf } from '../../server/src/modules/outgoing-webhooks/events';
import { pinnedLookup, truncateBody } from '../../server/src/modules/outgoing-webhooks/post-webhook';
import { computeSignature, newSigningSecret, signatureHeader, verifySignature } from '../../server/src/modules/outgoing-webhooks/signature';
import { checkUrlForm, resolveTarget, WebhookTargetError } from '../../server/src/modules/outgoing-webhooks/webhook-target';

describe('webhook signatures', () => {
  const secret = 'whsec_test-secret';
  const body = '{"id":"d1","type":"ping","data":{"message":"안녕"}}';
  const at = new Date('2026-12-01T09:00:00Z');

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>', () => {
    const header = signatureHeader(secret, body, at);
    const t = Math.floor(at.getTime() / 1000);
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(computeSignature(secret, t, body)).toBe(expected);
  });

  it('verifies a good signature within the tolerance and refuses tampering, other secrets, old and malformed headers', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, header, body, { now: at })).toMatchObject({ ok: true });
    expect(verifySignature(secret, header, body, { now: new Date(at.getTime() + 299_000) })).toMatchObject({ ok: true });
    expect(verifySignature(secret, header, body, { now: new Date(at.getTime() + 301_000) })).toEqual({ ok: false, reason: 'too_old' });
    expect(verifySignature(secret, header, body, { now: new Date(at.getTime() - 301_000) })).toEqual({ ok: false, reason: 'too_old' });
    expect(verifySignature(secret, header, body.replace('안녕', '안녕!'), { now: at })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('whsec_other', header, body, { now: at })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, undefined, body, { now: at })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(secret, 'v1=abc', body, { now: at })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(secret, `t=${Math.floor(at.getTime() / 1000)}`, body, { now: at })).toEqual({ ok: false, reason: 'malformed' });
    // Several v1 values (a secret being rolled over): one match is enough.
    const [t, v1] = header.split(',');
    expect(verifySignature(secret, `${t},v1=${'0'.repeat(64)},${v1}`, body, { now: at })).toMatchObject({ ok: true });
  });

  it('makes long random secrets with a readable prefix', () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newSigningSecret()).not.toBe(a);
  });
});

describe('SSRF address classification', () => {
  const cases: Array<[string, string]> = [
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['100::1', 'reserved'],
    // IPv4 inside IPv6: the IPv4 address decides.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:100.64.0.1', 'cgnat'],
    ['::ffff:8.8.8.8', 'public'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['::8.8.8.8', 'reserved'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::808:808', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2002:0808:0808::1', 'public'],
    ['not-an-ip', 'invalid'],
  ];
  it.each(cases)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('webhook URL checks', () => {
  const resolver = (answers: Record<string, string[]>) => async (host: string) => {
    const found = answers[host];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const reason = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'accepted';
    } catch (error) {
      return error instanceof WebhookTargetError ? error.reason : String(error);
    }
  };

  it('wants https without credentials; plain http only where private addresses are allowed', () => {
    expect(() => checkUrlForm('http://example.com/hook', false)).toThrow(/https/);
    expect(checkUrlForm('http://127.0.0.1:9/hook', true).protocol).toBe('http:');
    expect(() => checkUrlForm('ftp://example.com/', true)).toThrow(WebhookTargetError);
    expect(() => checkUrlForm('https://user:pw@example.com/', false)).toThrow(/password/);
    expect(() => checkUrlForm('not a url', false)).toThrow(/not valid/);
  });

  it('refuses hosts that resolve to any private address, literal IPs in every spelling, and unknown names', async () => {
    const resolve = resolver({
      'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'],
      'mixed.example.com': ['93.184.216.34', '10.0.0.7'],
      'mapped.example.com': ['::ffff:127.0.0.1'],
      'metadata.example.com': ['169.254.169.254'],
    });
    const opts = { allowPrivate: false, resolve };
    expect(await resolveTarget('https://hooks.example.com/x', opts)).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(await reason(resolveTarget('https://mixed.example.com/x', opts))).toBe('private_address');
    expect(await reason(resolveTarget('https://mapped.example.com/x', opts))).toBe('private_address');
    expect(await reason(resolveTarget('https://metadata.example.com/x', opts))).toBe('private_address');
    expect(await reason(resolveTarget('https://nowhere.example.com/x', opts))).toBe('unresolvable');
    for (const literal of ['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '2130706433', '0x7f.0.0.1', '[fd00::1]', '169.254.169.254', '0.0.0.0']) {
      expect(await reason(resolveTarget(`https://${literal}/x`, opts)), literal).toBe('private_address');
    }
    // The test flag lets loopback receivers in (and nothing invalid).
    expect(await resolveTarget('http://127.0.0.1:8080/x', { allowPrivate: true, resolve })).toMatchObject({ address: '127.0.0.1' });
  });

  it('pins the connection: the lookup always answers the checked address, in both callback forms', () => {
    const lookup = pinnedLookup('93.184.216.34', 4);
    const one: unknown[] = [];
    const all: unknown[] = [];
    (lookup as unknown as (h: string, o: object, cb: (...a: unknown[]) => void) => void)('evil.example.com', {}, (...a) => one.push(...a));
    (lookup as unknown as (h: string, o: object, cb: (...a: unknown[]) => void) => void)('evil.example.com', { all: true }, (...a) => all.push(...a));
    expect(one).toEqual([null, '93.184.216.34', 4]);
    expect(all).toEqual([null, [{ address: '93.184.216.34', family: 4 }]]);
  });
});

describe('webhook retries', () => {
  it('backs off 1, 3, 9, 27, 81 min, ~4 h, then 6 h at most; eight attempts in all', () => {
    const middle = () => 0.5;
    const schedule = Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelayMs(i + 1, 60_000, middle));
    expect(schedule).toEqual([60_000, 180_000, 540_000, 1_620_000, 4_860_000, 14_580_000, MAX_DELAY_MS, null]);
  });

  it('jitters by ±20 % and never beyond the cap', () => {
    expect(retryDelayMs(1, 60_000, () => 0)).toBe(48_000);
    expect(retryDelayMs(1, 60_000, () => 0.999_999)).toBeCloseTo(72_000, -1);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      for (const r of [0, 0.3, 0.7, 0.999]) expect(retryDelayMs(attempt, 60_000, () => r)).toBeLessThanOrEqual(MAX_DELAY_MS);
    }
    expect(retryDelayMs(MAX_ATTEMPTS, 60_000)).toBeNull();
  });
});

describe('webhook bodies', () => {
  it('carry the delivery id, type, time and a link into the app', () => {
    const envelope = envelopeOf('https://app.sotong.test', {
      id: 'd1',
      event: 'post.approved',
      workspaceId: 'w1',
      createdAt: new Date('2026-12-01T00:00:00Z'),
      payload: { postId: 'p1', state: 'scheduled' },
    });
    expect(envelope).toEqual({
      id: 'd1',
      type: 'post.approved',
      createdAt: '2026-12-01T00:00:00.000Z',
      workspaceId: 'w1',
      data: { postId: 'p1', state: 'scheduled', url: 'https://app.sotong.test/w/w1/approvals?post=p1' },
    });
    expect(linkOf('https://a', 'w', 'conversation.overdue', { conversationId: 'c 1' })).toBe('https://a/w/w/inbox?c=c%201');
    expect(linkOf('https://a', 'w', 'variant.failed', { variantId: 'v' })).toBe('https://a/w/w/calendar?variant=v');
  });

  it('keep the first 2 KB of an answer, without NUL characters', () => {
    expect(truncateBody(Buffer.from(`a\u0000b${'x'.repeat(5000)}`))).toHaveLength(2047);
  });
});

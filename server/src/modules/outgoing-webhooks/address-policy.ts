/**
 * Which addresses an outgoing webhook may reach (pure). Only public unicast: private (RFC 1918), loopback,
 * link-local (cloud metadata at 169.254.169.254 too), carrier-grade NAT, unique-local, unspecified,
 * multicast, documentation, benchmarking and other reserved ranges are refused — for IPv4, IPv6, and IPv4
 * written inside IPv6 (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`).
 */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link_local'
  | 'cgnat'
  | 'unique_local'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid';

const V4_RANGES: ReadonlyArray<[string, number, AddressClass]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4ToInt(text: string): number {
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const V4_PARSED = V4_RANGES.map(([base, bits, cls]) => ({ base: v4ToInt(base), bits, cls }));

function classifyV4Int(value: number): AddressClass {
  for (const range of V4_PARSED) {
    const size = 2 ** (32 - range.bits);
    if (value >= range.base && value < range.base + size) return range.cls;
  }
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (a zone id such as `%eth0` is dropped), or null. */
export function parseIPv6(text: string): number[] | null {
  let address = text.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  if (!isIPv6(address)) return null;
  // A trailing dotted IPv4 part (`::ffff:1.2.3.4`) becomes its two groups (`::ffff:102:304`).
  const lastColon = address.lastIndexOf(':');
  const last = address.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = v4ToInt(last);
    address = `${address.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = address.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)));
  const left = parse(halves[0] ?? '');
  const right = halves.length > 1 ? parse(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  return [...left, ...new Array<number>(missing).fill(0), ...right];
}

const embeddedV4 = (hi: number, lo: number) => hi * 65536 + lo;

function classifyV6(g: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(7) && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated): the IPv4 address decides.
  if (zeroTo(5) && g5 === 0xffff) return classifyV4Int(embeddedV4(g6, g7));
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return classifyV4Int(embeddedV4(g6, g7));
  // ::a.b.c.d (deprecated IPv4-compatible): refused even when the IPv4 address is public.
  if (zeroTo(6)) {
    const cls = classifyV4Int(embeddedV4(g6, g7));
    return cls === 'public' ? 'reserved' : cls;
  }
  // NAT64: the well-known prefix carries a public IPv4 address; the local-use prefix is private.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyV4Int(embeddedV4(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private';
  if (g0 === 0x2002) return classifyV4Int(embeddedV4(g1, g2));
  if ((g0 & 0xfe00) === 0xfc00) return 'unique_local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link_local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // discard-only
  if (g0 === 0x2001 && g1 < 0x200) return 'reserved'; // IETF protocol assignments (Teredo, ORCHID…)
  if (g0 === 0x2001 && g1 === 0xdb8) return 'reserved'; // documentation
  if ((g0 & 0xfff0) === 0x3ff0) return 'reserved'; // documentation (3fff::/20)
  // Global unicast is 2000::/3; anything else is unassigned.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}

export function classifyAddress(address: string): AddressClass {
  const text = address.replace(/^\[|\]$/g, '');
  if (isIPv4(text)) return classifyV4Int(v4ToInt(text));
  const groups = parseIPv6(text);
  return groups ? classifyV6(groups) : 'invalid';
}

export const isPublicAddress = (address: string) => classifyAddress(address) === 'public';

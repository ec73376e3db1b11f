/** Which network addresses are the publisher's own (this computer, its network, the local link): the one place an importer decides it. */
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** A kind of address that is not on the public internet; public addresses have none. */
export type AddressKind = 'loopback' | 'private' | 'link-local' | 'reserved';

/** Which non-public addresses a download may reach: none, those of one kind (the feed's own), or all (--allow-private-addresses). */
export type AddressAllowance = AddressKind | 'none' | 'all';

// IPv6 forms that carry an IPv4 address (IPv4-compatible and -mapped, NAT64, 6to4) are classified by that address
// (embeddedIPv4), so ::1 and :: count as 0.0.0.1 and 0.0.0.0: this computer.
const RANGES: Record<AddressKind, Array<[string, number]>> = {
  // 0.0.0.0 reaches this computer too.
  loopback: [
    ['127.0.0.0', 8],
    ['0.0.0.0', 8],
  ],
  // RFC 1918, carrier-grade NAT (RFC 6598, also used by VPNs), benchmarking (RFC 2544, lab networks), unique local
  // IPv6, site-local IPv6 (deprecated, still routed inside some networks), local-use NAT64 (RFC 8215).
  private: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['100.64.0.0', 10],
    ['198.18.0.0', 15],
    ['fc00::', 7],
    ['fec0::', 10],
    ['64:ff9b:1::', 48],
  ],
  // Routers and cloud metadata (169.254.169.254) answer here.
  'link-local': [
    ['169.254.0.0', 16],
    ['fe80::', 10],
  ],
  // Multicast, and the reserved range with the broadcast address 255.255.255.255: no web server of the internet.
  reserved: [
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
    ['ff00::', 8],
  ],
};
const LISTS = Object.entries(RANGES).map(([kind, ranges]) => {
  const list = new BlockList();
  for (const [net, prefix] of ranges) list.addSubnet(net, prefix, isIP(net) === 6 ? 'ipv6' : 'ipv4');
  return [kind as AddressKind, list] as const;
});

const WHERE: Record<AddressKind, string> = {
  loopback: 'this computer',
  private: 'a private network',
  'link-local': 'the local link (where routers and cloud metadata answer)',
  reserved: 'a multicast or reserved network',
};

/** A host as URL.hostname writes it, an IPv6 literal without its brackets ("[::1]" is "::1"). */
export function unbracketed(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/** The kind of an IP address, or undefined when it is public (or no IP address). */
export function addressKind(ip: string): AddressKind | undefined {
  // A zone (fe80::1%eth0) names the interface, not the address.
  const bare = unbracketed(ip).replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return undefined;
  const v4 = family === 6 ? embeddedIPv4(bare) : undefined;
  if (v4 !== undefined) return addressKind(v4);
  return LISTS.find(([, list]) => list.check(bare, family === 6 ? 'ipv6' : 'ipv4'))?.[0];
}

/**
 * The IPv4 address an IPv6 address carries, where the network delivers it there: IPv4-compatible (::/96) and
 * IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96: 64:ff9b::a00:1 reaches 10.0.0.1) and 6to4 (2002::/16, the IPv4
 * address in the next 32 bits). `ip` is a valid IPv6 address without a zone.
 */
function embeddedIPv4(ip: string): string | undefined {
  const g = ipv6Groups(ip);
  const v4 = (hi: number, lo: number): string => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((n) => n === 0);
  if (zeros(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return undefined;
}

/** The eight 16-bit groups of a valid IPv6 address ("::" expanded, a dotted IPv4 tail as two groups). */
function ipv6Groups(ip: string): number[] {
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  const hex = tail
    ? `${ip.slice(0, tail.index)}${((+tail[1]! << 8) | +tail[2]!).toString(16)}:${((+tail[3]! << 8) | +tail[4]!).toString(16)}`
    : ip;
  const [head, rest] = hex.split('::') as [string, string | undefined];
  const part = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(':'));
  const before = part(head);
  const after = part(rest);
  const gap = rest === undefined ? 0 : 8 - before.length - after.length;
  return [...before, ...Array<string>(gap).fill('0'), ...after].map((h) => parseInt(h, 16));
}

/** Every address a host name (or IP literal, as URL.hostname writes it) stands for; throws when it resolves to none. */
export async function addressesOf(hostname: string): Promise<LookupAddress[]> {
  const bare = unbracketed(hostname);
  const family = isIP(bare);
  return family !== 0 ? [{ address: bare, family }] : lookup(bare, { all: true });
}

/** Why a download may not reach `address` under `allow`, as the end of a sentence; undefined when it may. */
export function refusal(address: string, allow: AddressAllowance): string | undefined {
  const kind = addressKind(address);
  if (kind === undefined || allow === 'all' || allow === kind) return undefined;
  return `its address ${address} is on ${WHERE[kind]}, not on the internet. A feed can name such an address to make this computer read pages of your own network; if you trust this feed, run the import again with --allow-private-addresses.`;
}

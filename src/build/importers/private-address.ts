/** Which network addresses are the publisher's own (this computer, its network, the local link): the one place an importer decides it. */
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** A kind of address that is not on the public internet; public addresses have none. */
export type AddressKind = 'loopback' | 'private' | 'link-local';

/** Which non-public addresses a download may reach: none, those of one kind (the feed's own), or all (--allow-private-addresses). */
export type AddressAllowance = AddressKind | 'none' | 'all';

// BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 ranges.
const RANGES: Record<AddressKind, Array<[string, number]>> = {
  // 0.0.0.0 and :: reach this computer too.
  loopback: [
    ['127.0.0.0', 8],
    ['0.0.0.0', 8],
    ['::1', 128],
    ['::', 128],
  ],
  // RFC 1918, carrier-grade NAT (RFC 6598, also used by VPNs), unique local IPv6.
  private: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['100.64.0.0', 10],
    ['fc00::', 7],
  ],
  // Routers and cloud metadata (169.254.169.254) answer here.
  'link-local': [
    ['169.254.0.0', 16],
    ['fe80::', 10],
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
};

/** The kind of an IP address, or undefined when it is public (or no IP address). */
export function addressKind(ip: string): AddressKind | undefined {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return undefined;
  return LISTS.find(([, list]) => list.check(bare, family === 6 ? 'ipv6' : 'ipv4'))?.[0];
}

/** Every address a host name (or IP literal, as URL.hostname writes it) stands for; throws when it resolves to none. */
export async function addressesOf(hostname: string): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  return family !== 0 ? [{ address: bare, family }] : lookup(bare, { all: true });
}

/** The kind of the first non-public address a host resolves to (undefined: public, or it does not resolve). */
export async function hostKind(hostname: string): Promise<AddressKind | undefined> {
  try {
    for (const { address } of await addressesOf(hostname)) {
      const kind = addressKind(address);
      if (kind !== undefined) return kind;
    }
  } catch {
    // Not resolvable: the download itself will say so.
  }
  return undefined;
}

/** Why a download may not reach `address` under `allow`, as the end of a sentence; undefined when it may. */
export function refusal(address: string, allow: AddressAllowance): string | undefined {
  const kind = addressKind(address);
  if (kind === undefined || allow === 'all' || allow === kind) return undefined;
  return `its address ${address} is on ${WHERE[kind]}, not on the internet. A feed can name such an address to make this computer read pages of your own network; if you trust this feed, run the import again with --allow-private-addresses.`;
}

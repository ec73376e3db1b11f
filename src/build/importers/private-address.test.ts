import { expect, it } from 'vitest';
import { addressKind, addressesOf, refusal } from './private-address';

it("tells the publisher's own addresses from the internet's, IPv4, IPv6 and IPv4-mapped IPv6", () => {
  const cases: Array<[string, string | undefined]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['93.184.216.34', undefined],
    ['172.32.0.1', undefined],
    ['192.169.0.1', undefined],
    ['2606:4700::1111', undefined],
    ['example.org', undefined],
  ];
  for (const [ip, kind] of cases) expect([ip, addressKind(ip)]).toEqual([ip, kind]);
});

it('classifies an IPv6 address that carries an IPv4 one by that address, and knows the rarer ranges', () => {
  const cases: Array<[string, string | undefined]> = [
    // NAT64: the translator connects to the IPv4 address.
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['[64:ff9b::a9fe:a9fe]', 'link-local'],
    ['64:ff9b::5db8:d822', undefined],
    ['64:ff9b:1::5db8:d822', 'private'],
    // 6to4: the IPv4 address in the next 32 bits.
    ['2002:a00:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2002:5db8:d822::1', undefined],
    // IPv4-compatible (::/96).
    ['::10.0.0.1', 'private'],
    ['::a00:1', 'private'],
    ['::169.254.169.254', 'link-local'],
    ['::ffff:a00:1', 'private'],
    ['fec0::1', 'private'],
    ['feff::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['198.18.0.1', 'private'],
    ['198.19.255.255', 'private'],
    ['198.20.0.1', undefined],
    ['224.0.0.1', 'reserved'],
    ['239.255.255.250', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2001:4860:4860::8888', undefined],
  ];
  for (const [ip, kind] of cases) expect([ip, addressKind(ip)]).toEqual([ip, kind]);
  expect(refusal('64:ff9b::a00:1', 'none')).toMatch(/^its address 64:ff9b::a00:1 is on a private network, /);
  expect(refusal('255.255.255.255', 'private')).toMatch(/^its address 255\.255\.255\.255 is on a multicast or reserved network, /);
});

it('allows a kind only when asked, and says why otherwise', async () => {
  expect(refusal('93.184.216.34', 'none')).toBeUndefined();
  expect(refusal('127.0.0.1', 'loopback')).toBeUndefined();
  expect(refusal('10.0.0.1', 'all')).toBeUndefined();
  expect(refusal('10.0.0.1', 'loopback')).toMatch(/^its address 10\.0\.0\.1 is on a private network, .*--allow-private-addresses\.$/);
  expect(refusal('169.254.169.254', 'private')).toMatch(/cloud metadata/);
  // A name is what it resolves to.
  const local = await addressesOf('localhost');
  expect(local.length).toBeGreaterThan(0);
  for (const { address } of local) expect(addressKind(address)).toBe('loopback');
  expect(await addressesOf('[::1]')).toEqual([{ address: '::1', family: 6 }]);
  await expect(addressesOf('no-such-host.invalid')).rejects.toThrow();
});

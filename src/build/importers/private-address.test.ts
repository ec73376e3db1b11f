import { expect, it } from 'vitest';
import { addressKind, hostKind, refusal } from './private-address';

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

it('allows a kind only when asked, and says why otherwise', async () => {
  expect(refusal('93.184.216.34', 'none')).toBeUndefined();
  expect(refusal('127.0.0.1', 'loopback')).toBeUndefined();
  expect(refusal('10.0.0.1', 'all')).toBeUndefined();
  expect(refusal('10.0.0.1', 'loopback')).toMatch(/^its address 10\.0\.0\.1 is on a private network, .*--allow-private-addresses\.$/);
  expect(refusal('169.254.169.254', 'private')).toMatch(/cloud metadata/);
  // A name is what it resolves to.
  expect(await hostKind('localhost')).toBe('loopback');
  expect(await hostKind('[::1]')).toBe('loopback');
  expect(await hostKind('no-such-host.invalid')).toBeUndefined();
});

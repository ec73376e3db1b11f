// Owns finding (or, as root on Debian, installing) the Chromium the e2e tests drive, and the flags it runs with.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Path of the Chromium binary: CHROME_PATH, else Debian's /usr/bin/chromium. */
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a closed network and usable as root in a container. */
export const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
];

/**
 * Returns the Chromium path, installing Debian's package first when it is missing and we are root on
 * Debian. Throws one clear sentence otherwise: the tests never skip silently.
 */
export function ensureChromium(): string {
  if (existsSync(CHROME_PATH)) return CHROME_PATH;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!process.env.CHROME_PATH && root && existsSync('/etc/debian_version')) {
    console.log("Chromium is missing: installing Debian's chromium package (apt-get install -y chromium)...");
    try {
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      throw new Error('Chromium is missing and "apt-get install -y chromium" failed: install it by hand or set CHROME_PATH.');
    }
    if (existsSync(CHROME_PATH)) return CHROME_PATH;
  }
  throw new Error(
    `Chromium was not found at ${CHROME_PATH}: install it (as root on Debian: apt-get install -y chromium) or set CHROME_PATH to a Chromium or Chrome binary.`,
  );
}

// Owns finding (or, as root on Debian, installing) the Firefox ESR, WebKitGTK driver, MiniBrowser and Xvfb that the cross-engine suite drives.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TMP } from '../helpers/paths';

/** Where Debian puts each program, overridable by environment variables. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_PATH = process.env.XVFB_PATH || '/usr/bin/Xvfb';

/** The glibc locale sources WebKitGTK's language comes from (see posixLocale). */
const LOCALE_SOURCES = '/usr/share/i18n/locales';

/** Debian packages that hold them (MiniBrowser comes with libwebkit2gtk-4.1-0, a dependency of webkit2gtk-driver). */
const PACKAGES = ['firefox-esr', 'webkit2gtk-driver', 'xvfb', 'locales'];

function missing(): string[] {
  return [FIREFOX_PATH, WEBKIT_DRIVER_PATH, MINIBROWSER_PATH, XVFB_PATH, join(LOCALE_SOURCES, 'fa_IR')].filter((p) => !existsSync(p));
}

/**
 * Makes sure every browser program is there: installs Debian's packages when one is missing and we are root on
 * Debian; otherwise throws one sentence saying what to install. The suite never skips an engine.
 */
export function ensureEngines(): void {
  if (missing().length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/etc/debian_version')) {
    console.log(`engines: ${missing().join(', ')} missing: installing Debian's ${PACKAGES.join(', ')} (apt-get install -y)...`);
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], { stdio: 'inherit', env });
    } catch {
      throw new Error(`"apt-get install -y ${PACKAGES.join(' ')}" failed: install them by hand.`);
    }
  }
  const still = missing();
  if (still.length > 0) {
    throw new Error(
      `The cross-engine tests need ${still.join(', ')}: install Debian's ${PACKAGES.join(', ')} (as root: apt-get install -y ${PACKAGES.join(' ')}), ` +
        'or point FIREFOX_PATH, WEBKIT_DRIVER_PATH, MINIBROWSER_PATH and XVFB_PATH at them.',
    );
  }
}

/** Where compiled locales for the suite live (LOCPATH), so the machine's own locale set is left alone. */
export const LOCALE_DIR = join(TMP, 'locales');

/**
 * WebKitGTK takes navigator.language from the C library's locale, and a container usually has only C: compiles
 * `locale` (e.g. 'fa-IR' -> fa_IR.UTF-8) into LOCALE_DIR once, and returns its name for LANG with LOCPATH=LOCALE_DIR.
 */
export function posixLocale(locale: string): string {
  const [lang, region] = locale.split('-');
  const base = region ? `${lang}_${region}` : lang!;
  const name = `${base}.UTF-8`;
  const target = join(LOCALE_DIR, name);
  if (!existsSync(target)) {
    mkdirSync(LOCALE_DIR, { recursive: true });
    // localedef exits 1 for mere warnings about the source; whether the locale was written is what counts.
    try {
      execFileSync('localedef', ['-i', base, '-f', 'UTF-8', target], { stdio: 'ignore' });
    } catch {
      /* checked below */
    }
    if (!existsSync(target)) throw new Error(`localedef could not compile the ${name} locale (is Debian's "locales" package installed?).`);
  }
  return name;
}

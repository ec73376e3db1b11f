// Owns the two app builds every mirror test uses (an older and a newer edition, both naming mirrors B and C) and the
// fixed places B and C are served at (the build signs their addresses in), for the Chromium suite and the other engines.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildFixtureApp } from './fixture-build';
import { ROLLBACK } from './fixture-text';
import { ROOT, TMP } from './paths';

/** Where the mirror tests keep their copies of the builds, as served. */
export const MIRRORS_WORK = join(TMP, 'mirrors-e2e');
// Mirrors B and C at fixed places (the app's own address, A, is on any free port).
export const MIRROR_B = { host: '127.0.0.2', port: 47_382, base: '/mirror-b/' };
export const MIRROR_C = { host: '127.0.0.3', port: 47_383, base: '/c/deep/path/' };
export const mirrorUrl = (m: typeof MIRROR_B): string => `http://${m.host}:${m.port}${m.base}`;

/**
 * A copy of the project's site.config.yml that names `mirrors`, kept in `dir` (written only when it changes: its path
 * and bytes are part of a build's cache key); its path.
 */
export async function siteConfigWithMirrors(dir: string, mirrors: string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const config = (await readFile(join(ROOT, 'site.config.yml'), 'utf8')).replace(
    /^mirrors: \[\]$/m,
    `mirrors:\n${mirrors.map((url) => `  - ${url}`).join('\n')}`,
  );
  const siteConfig = join(dir, 'site.config.yml');
  if ((await readFile(siteConfig, 'utf8').catch(() => '')) !== config) await writeFile(siteConfig, config);
  return siteConfig;
}

/**
 * Builds (or reuses: same inputs, same site config path) the older edition, `old`, and the newer one, `new`, of the
 * trust fixtures, both with B and C as signed mirrors.
 */
export async function buildMirrorApps(): Promise<{ old: string; new: string }> {
  const siteConfig = await siteConfigWithMirrors(MIRRORS_WORK, [mirrorUrl(MIRROR_B), mirrorUrl(MIRROR_C)]);
  return {
    old: await buildFixtureApp({ fixture: 'trust-old', edition: ROLLBACK.oldEdition, siteConfig, variant: 'mirrors' }),
    new: await buildFixtureApp({ fixture: 'trust-new', edition: ROLLBACK.newEdition, siteConfig, variant: 'mirrors' }),
  };
}

// The web app manifest vite.config.ts gives vite-plugin-pwa: its identity must stay under the sub-path it is served from.
import { describe, expect, it, vi } from 'vitest';

interface WebManifest {
  start_url: string;
  id?: string;
}

const given: { manifest?: WebManifest } = {};
vi.mock('vite-plugin-pwa', () => ({
  VitePWA: (options: { manifest: WebManifest }) => {
    given.manifest = options.manifest;
    return [];
  },
}));

/**
 * The app's identity as browsers compute it (W3C Web App Manifest, "process the id member"): `id` resolved against the
 * ORIGIN of start_url, or start_url itself when there is no id.
 */
function identityOf(manifest: WebManifest, manifestUrl: string): string {
  const start = new URL(manifest.start_url, manifestUrl);
  const id = manifest.id === undefined ? start : new URL(manifest.id, start.origin);
  id.hash = '';
  return id.href;
}

describe('web app manifest', () => {
  it('gives two publications on one origin (user.github.io/a/ and /b/) two identities, so installing one does not replace the other', async () => {
    const config = (await import('../../vite.config')).default as unknown as (env: object) => unknown;
    await config({ command: 'build', mode: 'production' });
    const manifest = given.manifest!;
    expect(identityOf(manifest, 'https://user.github.io/a/manifest.webmanifest')).toBe('https://user.github.io/a/');
    expect(identityOf(manifest, 'https://user.github.io/b/manifest.webmanifest')).toBe('https://user.github.io/b/');
  });
});

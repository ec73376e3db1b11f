// The oldest-browser gate: every script a build ships passes es-check at the chosen level, and the gate refuses newer code.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBuild, shippedScripts } from '../../scripts/check-es.mjs';
import { DIST_SAMPLES } from '../helpers/paths';

describe('es-check over what ships', () => {
  it('passes every script of the build: app chunks, workers, sw.js and the reader file', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'es-floor-'));
    try {
      const { modules, classic, reader } = shippedScripts(DIST_SAMPLES, scratch);
      expect(
        modules.some((f) => /assets\/index-/.test(f)),
        'the entry chunk',
      ).toBe(true);
      expect(classic.filter((f) => /worker/.test(f)).length, 'the one worker script (import and search)').toBe(1);
      expect(
        classic.some((f) => f.endsWith('sw.js')),
        'the service worker',
      ).toBe(true);
      expect(reader, "the reader file's script").toMatch(/library-reader-script\.js$/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const { files, problems } = checkBuild(DIST_SAMPLES);
    expect(problems).toEqual([]);
    expect(files).toBe(readdirSync(join(DIST_SAMPLES, 'assets')).filter((f) => f.endsWith('.js')).length + 2);
  });

  it('refuses newer syntax or built-ins in a chunk, a worker or the reader file', () => {
    const cases: [string, string, string][] = [
      ['assets/index-x.js', 'export const f = (a) => a?.b ?? 1;', 'OptionalChaining'],
      ['assets/deferred-x.js', 'export const own = (o) => Object.hasOwn(o, "k");', 'ObjectHasOwn'],
      ['assets/worker-x.js', 'self.onmessage = () => import("./other.js");', 'DynamicImport'],
      // A DOM call es-check cannot see: articles stayed blank on Chrome 76-85.
      ['assets/index-y.js', 'export const show = (el, f) => el.replaceChildren(f);', 'calls replaceChildren'],
      // The reader file is held to es2015: even async functions (es2017) are refused there.
      ['library.html', '<!doctype html><script>const f = async () => 1;</script>', 'SyntaxError'],
    ];
    for (const [path, code, feature] of cases) {
      const dist = mkdtempSync(join(tmpdir(), 'es-floor-bad-'));
      try {
        cpSync(join(DIST_SAMPLES, 'index.html'), join(dist, 'index.html'));
        mkdirSync(join(dist, 'assets'));
        writeFileSync(join(dist, path), code);
        const { problems } = checkBuild(dist);
        expect(problems.join('\n'), path).toContain(feature);
      } finally {
        rmSync(dist, { recursive: true, force: true });
      }
    }
  });

  it('does not take a function the minifier named like a method for that method', () => {
    const dist = mkdtempSync(join(tmpdir(), 'es-floor-names-'));
    try {
      cpSync(join(DIST_SAMPLES, 'index.html'), join(dist, 'index.html'));
      mkdirSync(join(dist, 'assets'));
      // The reader-file writer's chunk holds a spread of a function Rolldown named `at`: not Array.prototype.at.
      writeFileSync(join(dist, 'assets/deferred-x.js'), 'const at = (e) => [e]; export const media = (e) => [...at(e), "\\n"];');
      expect(checkBuild(dist).problems).toEqual([]);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

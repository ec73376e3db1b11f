import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const EXPORT = join(ROOT, 'src', 'build', '__fixtures__', 'telegram-export');

/** `npm run import:<kind> -- args` as a publisher runs it (the script behind it, with Node). */
function run(kind: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'import.mjs'), kind, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Each run bundles the importer first (about a second on a busy machine).
describe('scripts/import.mjs', { timeout: 60_000 }, () => {
  it('bundles and runs the importer: a dry run prints the summary and writes nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'or-cli-')), 'articles');
    const r = run('telegram', [EXPORT, '--articles', out, '--dry-run']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('8 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite) (dry run: nothing written)');
    expect(existsSync(out)).toBe(false);
  });

  it('writes the articles, and exits 1 naming the problem on bad input, 2 on a wrong option', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'or-cli-')), 'articles');
    expect(run('telegram', [EXPORT, '--articles', out]).code).toBe(0);
    expect(readdirSync(out)).toHaveLength(8);
    const bad = run('feed', [join(out, 'nope.xml'), '--articles', out]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/nope\.xml: cannot be read: no such file\.\nNothing was written\./);
    const wrong = run('telegram', [EXPORT, '--min-length', 'many']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--min-length "many" is not a whole number.');
  });
});

// Tests the synthetic library generator: deterministic, unique ids and titles, valid front matter and images.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateLibrary, makePng } from './generate-library';
import { LANGUAGES } from './languages';

const base = await mkdtemp(join(tmpdir(), 'genlib-'));
afterAll(() => rm(base, { recursive: true, force: true }));

describe('generateLibrary', () => {
  it('is deterministic, with unique ids and titles in every language', async () => {
    const a = await generateLibrary({ count: 300, dir: join(base, 'a'), seed: 7, imageEvery: 100 });
    const b = await generateLibrary({ count: 300, dir: join(base, 'b'), seed: 7, imageEvery: 100 });
    expect(a).toEqual(b);
    expect(await readFile(join(base, 'a', a[10]!.file), 'utf8')).toBe(await readFile(join(base, 'b', b[10]!.file), 'utf8'));
    expect(new Set(a.map((x) => x.id)).size).toBe(300);
    expect(new Set(a.map((x) => x.title)).size).toBe(300);
    expect(new Set(a.map((x) => x.lang)).size).toBeGreaterThanOrEqual(15);
    expect(a.some((x) => x.dir === 'rtl') && a.some((x) => x.dir === 'ltr')).toBe(true);
    expect(a.some((x) => x.words > 2500) && a.some((x) => x.words < 300)).toBe(true);
    for (const x of a) expect(x.id).toMatch(/^[\p{L}\p{N}_-]{1,200}$/u);
  });

  it('writes front matter that parses to the returned metadata', async () => {
    const lib = await generateLibrary({ count: 60, dir: join(base, 'c'), seed: 3, imageEvery: 10 });
    for (const x of lib) {
      const text = await readFile(join(base, 'c', x.file), 'utf8');
      const fm = parse(text.split('\n---\n')[0]!.replace(/^---\n/, '')) as Record<string, unknown>;
      expect(fm.title).toBe(x.title);
      expect(fm.lang).toBe(x.lang);
      const date = fm.date instanceof Date ? fm.date.toISOString().slice(0, 10) : fm.date;
      expect(date).toBe(x.date);
      if (x.images > 0) {
        expect(x.file).toBe(`${x.id}/index.md`);
        const files = await readdir(join(base, 'c', x.id));
        expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(x.images);
        expect(text).toContain('](figure-1.png)');
      }
    }
    expect(lib.filter((x) => x.images > 0)).toHaveLength(6);
    expect(lib.reduce((s, x) => s + x.images, 0)).toBe(9);
  });

  it('keeps to the languages asked for, and refuses to replace a folder it did not write', async () => {
    const lib = await generateLibrary({ count: 50, dir: join(base, 'd'), languages: ['fa', 'en'] });
    expect(new Set(lib.map((x) => x.lang))).toEqual(new Set(['fa', 'en']));
    await mkdir(join(base, 'mine'));
    await writeFile(join(base, 'mine', 'note.md'), 'x');
    await expect(generateLibrary({ count: 1, dir: join(base, 'mine') })).rejects.toThrow(/Refusing/);
    await expect(generateLibrary({ count: 1, dir: join(base, 'e'), languages: ['xx'] })).rejects.toThrow(/No known language/);
  });

  it('has word lists for every language', () => {
    for (const l of LANGUAGES) expect(l.words.length, l.lang).toBeGreaterThanOrEqual(25);
  });
});

describe('makePng', () => {
  it('writes a valid PNG of the given size', () => {
    const png = makePng(480, 300, 1);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(480);
    expect(png.readUInt32BE(20)).toBe(300);
    expect(png.length).toBeGreaterThan(10_000);
    expect(png.length).toBeLessThan(300_000);
  });
});

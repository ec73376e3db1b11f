/**
 * The languages written in the Arabic script get its line height, emphasis by weight and fonts: in the app and in the
 * reader file, every rule names the same languages (one list added to in one rule and not the others would leave, say,
 * Dari text in the Latin font with slanted letters).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { directionOf } from '../core/direction';

const app = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');
const reader = readFileSync(new URL('../reader/reader.css', import.meta.url), 'utf8');

/** The languages a selector pattern names in a stylesheet, e.g. `.article__body em:lang(X)`. */
function named(css: string, before: string, after = ''): string[] {
  const re = new RegExp(`${before.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([a-z]+)${after.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
  return [...new Set([...css.matchAll(re)].map((m) => m[1]!))].sort();
}

describe('Arabic-script languages in the stylesheets', () => {
  const lineHeight = named(app, '.article__body:lang(', ')');

  it('are the same in every rule of the app and of the reader file, Dari and South Azerbaijani among them', () => {
    expect(lineHeight).toEqual(expect.arrayContaining(['fa', 'ar', 'ur', 'ckb', 'ps', 'prs', 'azb', 'sd', 'ug']));
    expect(named(app, '.article__body em:lang(', ')')).toEqual(lineHeight);
    expect(named(app, "[lang|='", "']")).toEqual(lineHeight);
    expect(named(reader, '.or-body em:lang(', ')')).toEqual(lineHeight);
    expect(named(reader, "[lang|='", "']")).toEqual(lineHeight);
  });

  it('are all written right to left', () => {
    for (const lang of lineHeight) expect(directionOf(lang), lang).toBe('rtl');
  });
});

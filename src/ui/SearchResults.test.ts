import { describe, expect, it, vi } from 'vitest';
import { addDocuments, createSearchIndex, searchHits } from '../core/search';
import { highlightParts } from './SearchResults';

// The component's module reads the site's configuration, which only a build provides.
vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'p' } } }));

/** The text as <Highlighted> renders it, with the marked parts in brackets. */
const rendered = (text: string, ranges: [number, number][]): string =>
  highlightParts(text, ranges)
    .map((p) => (p.mark ? `[${p.text}]` : p.text))
    .join('');

describe('highlightParts', () => {
  it('cuts a text into plain and marked parts', () => {
    expect(
      rendered('a cat and a dog', [
        [2, 5],
        [12, 15],
      ]),
    ).toBe('a [cat] and a [dog]');
    expect(rendered('text', [])).toBe('text');
    expect(rendered('', [[0, 3]])).toBe('');
  });

  it('shows every character once, in order, whatever the ranges', () => {
    const text = '他是北京大学的学生，大学生活很忙。';
    // Unsorted, overlapping, nested, empty, reversed and out-of-range ranges.
    const ranges: [number, number][] = [
      [7, 9],
      [2, 4],
      [3, 6],
      [11, 13],
      [12, 12],
      [5, 4],
      [15, 99],
      [-5, 1],
    ];
    const parts = highlightParts(text, ranges);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(rendered(text, ranges)).toBe('[他]是[北京][大学]的[学生]，大[学生]活很[忙。]');
    expect(
      rendered('abcdef', [
        [3, 5],
        [0, 2],
        [1, 4],
      ]),
    ).toBe('[ab][cd][e]f');
  });
});

describe('highlightParts with search results', () => {
  it('renders a snippet unchanged for a query typed in another order than the text', () => {
    const index = createSearchIndex();
    addDocuments(index, [{ key: 'p/zh', title: '新闻', summary: '', tags: [], body: '他是北京大学的学生，大学生活很忙。', lang: 'zh' }]);
    const { text, highlights } = searchHits(index, '学生 北京')[0]!.snippet;
    expect(
      highlightParts(text, highlights)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
    // 学生 is found, and marked, inside 大学生活 too: Han is indexed as bigrams (see splitRun in core/tokenize.ts).
    expect(rendered(text, highlights)).toBe('他是[北京]大学的[学生]，大[学生]活很忙。');
  });
});

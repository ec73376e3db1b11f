import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { solidPng } from '../__fixtures__/png';
import { applyChanges, planChanges, summarizeChanges, type ImportedArticle } from './article-writer';

const [A, B, C] = [solidPng(1), solidPng(2), solidPng(3)];

function article(body: string, images: Uint8Array[], missingPictures?: number): ImportedArticle {
  const a: ImportedArticle = {
    slug: 'post-1',
    origin: 'feed https://example.org/?p=1',
    title: 'Post',
    date: '2025-03-11T05:00:00.000Z',
    lang: 'en',
    tags: [],
    body: `${body}\n\n${images.map((_, n) => `![](image-${n + 1}.png)`).join('\n\n')}\n`,
    images: images.map((bytes, n) => ({ name: `image-${n + 1}.png`, bytes })),
    textLength: body.length,
  };
  if (missingPictures !== undefined) a.missingPictures = missingPictures;
  return a;
}

it('keeps an article as it was when this run could not download a picture it carries, even if another one came instead', () => {
  const dir = mkdtempSync(join(tmpdir(), 'or-writer-'));
  applyChanges(dir, planChanges(dir, [article('First.', [A, B])], { overwrite: false }));
  // This run: B failed, C is new. Two pictures either way, but B would be lost.
  const plan = planChanges(dir, [article('Edited.', [A, C], 1)], { overwrite: false });
  expect(plan.map((c) => c.kind)).toEqual(['kept-incomplete']);
  expect(summarizeChanges(plan, false)).toContain(
    '  kept: post-1/index.md as it was: 1 picture could not be downloaded this time (run the import again later; --overwrite updates it without them)',
  );
  applyChanges(dir, plan);
  expect(readFileSync(join(dir, 'post-1/index.md'), 'utf8')).toContain('First.');
  expect(readFileSync(join(dir, 'post-1/image-2.png'))).toEqual(Buffer.from(B));

  // A picture that failed but was never carried (a dead link) does not hold the update back, in any order.
  expect(planChanges(dir, [article('Edited.', [B, A], 1)], { overwrite: false }).map((c) => c.kind)).toEqual(['updated']);
  // --overwrite updates it without the picture.
  const forced = planChanges(dir, [article('Edited.', [A, C], 1)], { overwrite: true });
  expect(forced.map((c) => c.kind)).toEqual(['updated']);
  applyChanges(dir, forced);
  expect(readdirSync(join(dir, 'post-1')).sort()).toEqual(['image-1.png', 'image-2.png', 'index.md']);
  expect(readFileSync(join(dir, 'post-1/image-2.png'))).toEqual(Buffer.from(C));
});

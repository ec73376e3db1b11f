/** Turns a stored body into a safe DOM fragment: sanitised again (platform/article-html.ts), images from the library as blob URLs. */
import { getMedia } from '../storage/library-store';
import { MEDIA_DIR } from '../core/constants';
import type { ArticleSanitizer } from './article-html';

/** The sanitiser lives in the deferred chunk, so the first paint does not wait for it. */
function loadArticleSanitizer(): Promise<ArticleSanitizer> {
  return import('./deferred').then((deferred) => deferred.loadArticleSanitizer());
}

/** Body HTML as the shared policy leaves it, as text (what a reader file shows). */
export async function sanitizeBodyHtml(html: string): Promise<string> {
  return (await loadArticleSanitizer()).text(html);
}

const MEDIA_SRC = new RegExp(`^${MEDIA_DIR}/([0-9a-f]{64})\\.[a-z0-9]+$`);

/** The sanitised fragment, the images whose picture the device lacks (by hash: the data saver), and a function that frees its blob URLs. */
export async function renderArticleBody(
  html: string,
): Promise<{ fragment: DocumentFragment; missing: Map<string, HTMLImageElement[]>; dispose: () => void }> {
  const fragment = (await loadArticleSanitizer()).fragment(html);
  const images = Array.from(fragment.querySelectorAll('img'));
  const wanted = new Map<string, HTMLImageElement[]>();
  for (const img of images) {
    const match = MEDIA_SRC.exec(img.getAttribute('src') ?? '');
    // Anything that is not library media would be a request to somewhere: drop it.
    if (!match) {
      img.removeAttribute('src');
      continue;
    }
    const list = wanted.get(match[1]!) ?? [];
    list.push(img);
    wanted.set(match[1]!, list);
  }
  const urls: string[] = [];
  const missing = new Map<string, HTMLImageElement[]>();
  const found = wanted.size ? await getMedia([...wanted.keys()]) : new Map();
  for (const [sha, imgs] of wanted) {
    const media = found.get(sha);
    if (!media) {
      for (const img of imgs) img.removeAttribute('src');
      missing.set(sha, imgs);
      continue;
    }
    const url = URL.createObjectURL(media.blob);
    urls.push(url);
    for (const img of imgs) img.src = url;
  }
  return {
    fragment,
    missing,
    dispose: () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
  };
}

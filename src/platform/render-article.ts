/** Turns a stored body into a safe DOM fragment: sanitised again (DOMPurify), images from the library as blob URLs. */
import { getMedia } from '../storage/library-store';
import { MEDIA_DIR } from '../core/constants';

type Purify = typeof import('./deferred').DOMPurify;
let purifyPromise: Promise<{ purify: Purify; config: Record<string, unknown> }> | undefined;

/** DOMPurify and the shared policy, loaded on first use so the first paint does not wait for them. */
export function loadPurify() {
  purifyPromise ??= import('./deferred').then((deferred) => {
    const purify = deferred.DOMPurify;
    deferred.installSanitizerHooks(purify);
    return { purify, config: deferred.SANITIZE_CONFIG as unknown as Record<string, unknown> };
  });
  return purifyPromise;
}

/** Body HTML as the shared policy leaves it, as text (what a reader file shows). */
export async function sanitizeBodyHtml(html: string): Promise<string> {
  const { purify, config } = await loadPurify();
  return String(purify.sanitize(html, config));
}

const MEDIA_SRC = new RegExp(`^${MEDIA_DIR}/([0-9a-f]{64})\\.[a-z0-9]+$`);

/** The sanitised fragment, the images whose picture the device lacks (by hash: the data saver), and a function that frees its blob URLs. */
export async function renderArticleBody(
  html: string,
): Promise<{ fragment: DocumentFragment; missing: Map<string, HTMLImageElement[]>; dispose: () => void }> {
  const { purify, config } = await loadPurify();
  const fragment = purify.sanitize(html, { ...config, RETURN_DOM_FRAGMENT: true }) as unknown as DocumentFragment;
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

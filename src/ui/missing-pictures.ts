/** An article's pictures the device does not hold (the data saver): a placeholder that says their size, then each picture once fetched and checked. */
import type { I18n } from './i18n';
import { formatSize, saverStrings } from './i18n-saver';
import type { MediaMeta, Trust } from '../core/types';
import './DataSaver.css';

/**
 * Puts a note (`text`) in the place of a picture the device lacks, in the picture's own box (the build gives every image
 * its width and height), so neither the note coming nor the picture replacing it moves the text below.
 */
function putPlaceholder(img: HTMLImageElement, text: string, i: I18n): HTMLElement {
  const note = document.createElement('span');
  note.className = 'picture-missing';
  // The interface's sentence inside the article: in the interface's language and direction, not the article's.
  note.lang = i.lang;
  note.dir = i.dir;
  note.textContent = text;
  const [w, h] = [Number(img.getAttribute('width')), Number(img.getAttribute('height'))];
  if (w > 0 && h > 0) {
    note.classList.add('picture-missing--sized');
    note.style.aspectRatio = `${w} / ${h}`;
    note.style.maxInlineSize = `${w}px`;
  }
  img.hidden = true;
  img.before(note);
  return note;
}

/**
 * Puts a placeholder in place of each missing picture (`missing`: by hash, the images without a source), then fetches
 * them from the app's own address (or the signed mirrors), now and whenever the connection comes back. Returns a function that stops and
 * frees the pictures' blob URLs. An unverified article fetches nothing: what a stranger's file names never makes a
 * request (it could name every picture of an edition), so its missing pictures only say they are not on the device.
 */
export function fillMissingPictures(
  missing: Map<string, HTMLImageElement[]>,
  record: { publisherId: string; edition: number; trust: Trust },
  i: I18n,
): () => void {
  const s = saverStrings(i);
  if (record.trust !== 'verified') {
    for (const img of [...missing.values()].flat()) putPlaceholder(img, s.pictureNotHere, i);
    return () => {};
  }
  let live = true;
  let running = false;
  const urls: string[] = [];
  const placeholders = new Map<HTMLImageElement, HTMLElement>();
  // Each missing picture's size, as said: its placeholders say it is downloading while a fetch is under way (a slow
  // connection takes seconds), and "shown when you are online" once none could bring it. One no verified edition
  // lists (no size known) is never fetched: it only says it is not on the device.
  const sizes = new Map<string, string>();
  const words = (sha: string, loading: boolean): string => {
    const size = sizes.get(sha);
    return !size ? s.pictureGone : loading ? s.pictureLoading(size) : s.pictureMissing(size);
  };
  const say = (sha: string, loading: boolean): void => {
    for (const img of missing.get(sha) ?? []) placeholders.get(img)!.textContent = words(sha, loading);
  };
  const deferred = import('../platform/deferred');
  const described: Promise<Map<string, MediaMeta>> = deferred.then((d) =>
    d.describePictures(record.publisherId, record.edition, [...missing.keys()]),
  );
  const fetchAll = async (): Promise<void> => {
    if (running) return;
    running = true;
    const metas = await described;
    // Every picture this pass will ask for says so at once (one at a time, the last may wait a while for its turn).
    for (const sha of missing.keys()) if (metas.has(sha)) say(sha, navigator.onLine);
    for (const [sha, imgs] of missing) {
      const meta = metas.get(sha);
      if (!live || !meta) continue;
      try {
        const blob = await (await deferred).fetchPicture(meta);
        if (!live) return;
        const url = URL.createObjectURL(blob);
        urls.push(url);
        for (const img of imgs) {
          img.src = url;
          img.hidden = false;
          placeholders.get(img)?.remove();
        }
        missing.delete(sha);
      } catch {
        // Offline, blocked or refused: the placeholder stays, and the next connection tries again.
        if (live) say(sha, false);
      }
    }
    running = false;
  };
  void described.then((metas) => {
    if (!live) return;
    for (const [sha, imgs] of missing) {
      const size = metas.get(sha)?.size;
      if (size !== undefined) sizes.set(sha, formatSize(i, size));
      for (const img of imgs) placeholders.set(img, putPlaceholder(img, words(sha, false), i));
    }
    void fetchAll();
  });
  const onOnline = (): void => void fetchAll();
  addEventListener('online', onOnline);
  return () => {
    live = false;
    removeEventListener('online', onOnline);
    for (const url of urls) URL.revokeObjectURL(url);
  };
}

/** The one format of the keys that name an article or an edition of a publisher in maps, sets and the stored search index. */

/**
 * The key of article `id` of `publisherId` (or of article `id` of a file's manifest number `publisherId`). Neither part
 * can hold a '/' (ID_PATTERN), so two different articles never share a key. Stored in the search index: do not change.
 */
export function articleKey(publisherId: string, id: string): string {
  return `${publisherId}/${id}`;
}

/** The key of edition `edition` of `publisherId`. */
export function editionKey(publisherId: string, edition: number): string {
  return `${publisherId}/${edition}`;
}

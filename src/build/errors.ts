/** Build failures a publisher reads: one sentence per problem, naming the file; many collected into one failure. */
import { MAX_ATTR_VALUE } from '../core/bundle-syntax';
import { ID_PATTERN, isValidId } from '../core/manifest';

/** One problem with one input file: shown as `<file>: <reason>`. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ContentError';
  }
}

/** Every problem the build found, so a publisher can fix them all in one go. */
export class BuildFailure extends Error {
  constructor(readonly problems: ContentError[]) {
    super(formatProblems(problems));
    this.name = 'BuildFailure';
  }
}

/** The list as the build prints it: a count, then one problem per line. */
export function formatProblems(problems: ContentError[]): string {
  const head = problems.length === 1 ? 'The content has 1 problem:' : `The content has ${problems.length} problems:`;
  return [head, ...problems.map((p) => `  ${p.message}`)].join('\n');
}

/** A thrown value as one sentence (no stack trace). */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The reason a slug the build refuses only for its length is refused, or undefined when it is refused for something
 * else: an article's id travels percent-encoded in a record attribute of at most MAX_ATTR_VALUE characters, and one
 * Persian letter takes six of them.
 */
export function slugTooLong(slug: string): string | undefined {
  if (!ID_PATTERN.test(slug) || isValidId(slug)) return undefined;
  const letters = Math.floor(MAX_ATTR_VALUE / encodeURIComponent('س').length);
  return (
    `the slug "${slug}" is too long: percent-encoded (as files carry it) it takes ${encodeURIComponent(slug).length} characters, and ` +
    `a slug may take ${MAX_ATTR_VALUE} (one for an ASCII letter or digit, six for a Persian letter: at most ${letters} Persian letters). ` +
    'Rename the file or folder to a shorter slug.'
  );
}

/** Build failures a publisher reads: one sentence per problem, naming the file; many collected into one failure. */

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

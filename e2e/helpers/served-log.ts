// Owns counting what test servers sent, and which of it was picture bytes: the data saver's tests' measure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One answer a server sent: the path (relative to the app) and the bytes on the wire. */
export interface Served {
  path: string;
  bytes: number;
}

/**
 * The answers of the servers started with `log: served.lineAt(base)`, in order, and which of them carried pictures: a
 * loose picture, or a content file (pack or bulk file) holding a media record, looked up in `dirs` (the folders served;
 * content files have content-hashed names, so a path means one content in every build).
 */
export class ServedLog {
  readonly answers: Served[] = [];
  private readonly pictures = new Map<string, boolean>();

  constructor(readonly dirs: string[] = []) {}

  /** The log callback of a server whose app lives at `base`. */
  lineAt(base: string): (line: string) => void {
    return (line) => {
      const m = /^GET (\S+) 200 (\d+)B /.exec(line);
      if (m) this.answers.push({ path: decodeURIComponent(new URL(m[1]!, 'http://x').pathname).slice(base.length), bytes: Number(m[2]) });
    };
  }

  /** Resolves once the servers have sent nothing for a second (a service worker's install and a page's saves included). */
  async quiet(): Promise<void> {
    let seen = -1;
    while (seen !== this.answers.length) {
      seen = this.answers.length;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  /** The paths answered, in order. */
  paths(): string[] {
    return this.answers.map((a) => a.path);
  }

  /** Whether the file served at `path` carries picture bytes. */
  carriesPictures(path: string): boolean {
    let known = this.pictures.get(path);
    if (known === undefined) {
      const dir = this.dirs.find((d) => existsSync(join(d, path)));
      known =
        path.startsWith('media/') || (path.startsWith('content/') && readFileSync(join(dir!, path), 'latin1').includes('data-or="media"'));
      this.pictures.set(path, known);
    }
    return known;
  }

  /** Picture bytes sent from answer `from` on, and their paths. */
  pictureBytes(from = 0): { bytes: number; paths: string[] } {
    const hits = this.answers.slice(from).filter((s) => this.carriesPictures(s.path));
    return { bytes: hits.reduce((n, s) => n + s.bytes, 0), paths: hits.map((s) => s.path) };
  }
}

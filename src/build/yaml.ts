/** Strict YAML reading for the build: duplicate keys and syntax errors become one readable sentence. */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/**
 * Parse YAML text with the core schema (dates stay strings); throws an Error whose message is one sentence. `lineOffset`
 * shifts reported lines. The top-level fields named in `asWritten` (and the items of a list there) keep a number or a
 * boolean as its source text: `title: 1.10` is "1.10", not 1.1.
 */
export function parseYaml(text: string, lineOffset = 0, asWritten: readonly string[] = []): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, schema: 'core', prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const line = error.linePos?.[0]?.line;
    throw new Error(line === undefined ? `${first}.` : `${first} (line ${line + lineOffset}).`);
  }
  if (asWritten.length > 0 && isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key !== 'string' || !asWritten.includes(key)) continue;
      keepSource(pair.value, text);
      if (isSeq(pair.value)) for (const item of pair.value.items) keepSource(item, text);
    }
  }
  // A small alias budget: a "billion laughs" document must not blow up the build.
  return doc.toJS({ maxAliasCount: 50 });
}

/** A plain number or boolean scalar becomes the text it was written as. */
function keepSource(node: unknown, text: string): void {
  if (!isScalar(node) || (typeof node.value !== 'number' && typeof node.value !== 'boolean') || !node.range) return;
  if (node.type !== 'PLAIN') return;
  node.value = text.slice(node.range[0], node.range[1]);
}

/** True for a plain YAML mapping (not a list, not a scalar). */
export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Strict YAML reading for the build: duplicate keys and syntax errors become one readable sentence. */
import { parseDocument } from 'yaml';

/** Parse YAML text with the core schema (dates stay strings); throws an Error whose message is one sentence. `lineOffset` shifts reported lines. */
export function parseYaml(text: string, lineOffset = 0): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, schema: 'core', prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const line = error.linePos?.[0]?.line;
    throw new Error(line === undefined ? `${first}.` : `${first} (line ${line + lineOffset}).`);
  }
  // A small alias budget: a "billion laughs" document must not blow up the build.
  return doc.toJS({ maxAliasCount: 50 });
}

/** True for a plain YAML mapping (not a list, not a scalar). */
export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

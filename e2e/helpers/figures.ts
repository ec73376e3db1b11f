// Owns the figures e2e tests measure but do not assert tightly: printed, and kept in e2e/.tmp/figures.json for notes.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TMP } from './paths';

/** Prints a measured figure and records it under `name`. */
export async function recordFigure(name: string, value: number, unit: string): Promise<void> {
  console.log(`figure: ${name} = ${value} ${unit}`);
  const file = join(TMP, 'figures.json');
  await mkdir(TMP, { recursive: true });
  const all = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  all[name] = { value, unit, at: new Date().toISOString() };
  await writeFile(file, `${JSON.stringify(all, null, 2)}\n`);
}

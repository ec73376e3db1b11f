// Types of scripts/check-es.mjs for the TypeScript programs that import it.
/** The syntax level the app's scripts are held to, and the reader file's. */
export const LEVEL: string;
export const READER_LEVEL: string;
/** A build's shipped scripts by how a browser runs them (the reader file's script is written to `scratch`). */
export function shippedScripts(dist: string, scratch: string): { modules: string[]; classic: string[]; reader: string | null };
/** Checks every shipped script of `dist` with es-check; `problems` is empty when all pass. */
export function checkBuild(dist: string): { files: number; problems: string[] };

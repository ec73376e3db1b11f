import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { EAGER_COMPILE_HINT, compileHintForShell } from './compile-hints';

describe('the compile hint', () => {
  it("is the entry chunk's first line, once, and only the entry's", () => {
    const bundle = {
      'assets/index.js': { type: 'chunk', isEntry: true, code: 'const __vite__mapDeps=1;\nrun();' },
      'assets/deferred.js': { type: 'chunk', isEntry: false, code: 'later();' },
      'assets/index.css': { type: 'asset', source: 'a{}' },
    } as unknown as Rollup.OutputBundle;
    const hook = compileHintForShell().generateBundle as unknown as { handler: (o: unknown, b: Rollup.OutputBundle) => void };
    hook.handler({}, bundle);
    hook.handler({}, bundle);
    const code = (f: string) => (bundle[f] as { code: string }).code;
    expect(code('assets/index.js')).toBe(`${EAGER_COMPILE_HINT}\nconst __vite__mapDeps=1;\nrun();`);
    expect(code('assets/deferred.js')).toBe('later();');
  });
});

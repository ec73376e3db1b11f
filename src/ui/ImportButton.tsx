/** "Import a file": a plain file input (no accept filter, so Android pickers grey nothing out; content is checked in code). */
import { useRef } from 'preact/hooks';
import { useI18n } from './i18n';
import type { Importer } from './use-importer';

export function ImportButton({ importer }: { importer: Importer }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" class="button" disabled={importer.busy} onClick={() => input.current?.click()}>
        {t.importFile}
      </button>
      <input
        ref={input}
        type="file"
        class="visually-hidden"
        tabIndex={-1}
        aria-label={t.importFile}
        multiple
        onChange={(e) => {
          const el = e.target as HTMLInputElement;
          const files = Array.from(el.files ?? []);
          el.value = '';
          void (async () => {
            for (const f of files) await importer.run(f);
          })();
        }}
      />
    </>
  );
}

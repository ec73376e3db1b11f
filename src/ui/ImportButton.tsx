/** "Import a file": a plain file input (no accept filter, so Android pickers grey nothing out; content is checked in code). */
import { useRef } from 'preact/hooks';
import { useI18n } from './i18n';
import { Icon } from './Icon';
import type { Importer } from './use-importer';

/** `onOpen` runs as the picker opens (the share menu closes itself then); `class` styles the button. */
export function ImportButton({ importer, onOpen, class: cls = 'button' }: { importer: Importer; onOpen?: () => void; class?: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        class={cls}
        disabled={importer.busy}
        onClick={() => {
          input.current?.click();
          onOpen?.();
        }}
      >
        <Icon name="import" />
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
          // One batch: each file's question and failure is kept, and one summary says what they came to.
          if (files.length) void importer.importFiles(files);
        }}
      />
    </>
  );
}

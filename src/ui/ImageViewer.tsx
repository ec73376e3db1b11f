/**
 * An article image shown larger: a modal dialog filling the screen; a tap, the close button or Escape closes it.
 * The dialog is named by the image's alt text, so it takes the article's language; its close button keeps the interface's.
 */
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from './i18n';
import { saverStrings } from './i18n-saver';
import { Icon } from './Icon';
import './ImageViewer.css';

export function ImageViewer({ src, alt, lang, onClose }: { src: string; alt: string; lang: string; onClose: () => void }) {
  const i = useI18n();
  const { lang: uiLang } = i;
  const t = saverStrings(i);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      class="lightbox"
      lang={alt ? lang : uiLang}
      aria-label={alt || t.closeImage}
      onClose={onClose}
      onClick={() => ref.current?.close()}
    >
      <img src={src} alt={alt} />
      <button type="button" class="icon-button lightbox__close" lang={uiLang} autofocus>
        <Icon name="close" />
        <span class="visually-hidden">{t.closeImage}</span>
      </button>
    </dialog>
  );
}

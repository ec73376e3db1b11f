/** An article image shown larger: a modal dialog filling the screen; a tap, the close button or Escape closes it. */
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from './i18n';
import { Icon } from './Icon';

export function ImageViewer({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} class="lightbox" aria-label={alt || t.closeImage} onClose={onClose} onClick={() => ref.current?.close()}>
      <img src={src} alt={alt} />
      <button type="button" class="icon-button lightbox__close" autofocus>
        <Icon name="close" />
        <span class="visually-hidden">{t.closeImage}</span>
      </button>
    </dialog>
  );
}

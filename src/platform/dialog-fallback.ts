/**
 * <dialog> where the engine lacks it (Safari before 15.4, Firefox before 98: an unknown element there), loaded only
 * there (main.tsx): `showModal`, `close` and `open` as the app's dialogs use them, shown fixed over the page with a shade
 * around it, Escape sending `cancel` and then closing, `close` sent on closing, and the focus put back where it was.
 * Not modal as the real one is: the page behind is shaded, not made inert.
 */

/** The dialogs shown, the last on top, each with what had the focus before it. */
const shown: { dialog: HTMLElement; before: Element | null }[] = [];

/**
 * The browser's own style of an open dialog, where it has none: author styles (a class) still win over it. (A closed
 * one is hidden by styles.css, from the first paint.)
 */
const RULE =
  'dialog{position:fixed;top:50%;left:50%;transform:translate(-50%,-50%);max-height:90%;max-width:96%;overflow:auto;z-index:100;box-shadow:0 0 0 100vmax rgba(0,0,0,.45)}';

function showModal(this: HTMLElement): void {
  if (this.hasAttribute('open')) return;
  shown.push({ dialog: this, before: document.activeElement });
  this.setAttribute('open', '');
  const first =
    this.querySelector<HTMLElement>('[autofocus]') ?? this.querySelector<HTMLElement>('button, [href], input, select, textarea');
  first?.focus();
}

function close(this: HTMLElement): void {
  if (!this.hasAttribute('open')) return;
  this.removeAttribute('open');
  const at = shown.findIndex((s) => s.dialog === this);
  const before = at < 0 ? null : shown.splice(at, 1)[0]!.before;
  if (before instanceof HTMLElement && before.isConnected) before.focus();
  this.dispatchEvent(new Event('close'));
}

/** Gives dialog elements what the app uses of them, if the engine has no <dialog>. */
function install(): void {
  if ('showModal' in document.createElement('dialog')) return;
  Object.defineProperties(HTMLElement.prototype, {
    showModal: { value: showModal, configurable: true, writable: true },
    show: { value: showModal, configurable: true, writable: true },
    close: { value: close, configurable: true, writable: true },
    open: {
      get(this: HTMLElement) {
        return this.hasAttribute('open');
      },
      set(this: HTMLElement, open: boolean) {
        this.toggleAttribute('open', open);
      },
      configurable: true,
    },
  });
  document.styleSheets[0]?.insertRule(RULE, 0);
  addEventListener('keydown', (event) => {
    const top = shown[shown.length - 1]?.dialog;
    if (event.key !== 'Escape' || !top) return;
    // As the real one does: `cancel` first, which a listener may refuse; then closed.
    if (top.dispatchEvent(new Event('cancel', { cancelable: true }))) close.call(top);
  });
}

install();

export {};

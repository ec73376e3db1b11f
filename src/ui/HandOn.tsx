/** Hand the app on: an address that works (the last that answered, or one the reader picks) as a link to copy or share, or a QR code drawn on the device. */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { settingsText } from './i18n-settings';
import { useUpdates } from './use-updates';
import { drawQr, type QrDrawing } from './qr-path';
import './UpdateSources.css';

/** The addresses to offer, the one that last answered first. */
function addressesOf(known: string[], results: { url: string; status?: string }[]): string[] {
  const urls = [...new Set([...known, ...results.map((r) => r.url)])];
  const worked = results.find((r) => r.status === 'updated' || r.status === 'current' || r.status === 'answered')?.url;
  return worked ? [worked, ...urls.filter((u) => u !== worked)] : urls;
}

export function HandOn() {
  const t = settingsText(useI18n());
  const { check, addresses: known } = useUpdates();
  const addresses = addressesOf(known.length ? known : [new URL('./', document.baseURI).href], check?.results ?? []);
  const [picked, setPicked] = useState<string>();
  const url = picked && addresses.includes(picked) ? picked : addresses[0]!;
  const [qr, setQr] = useState<QrDrawing>();
  const [showQr, setShowQr] = useState(false);
  const [said, setSaid] = useState('');

  // What was said ("Copied", "QR failed") was of the address before.
  useEffect(() => setSaid(''), [url]);

  useEffect(() => {
    setQr(undefined);
    if (!showQr) return;
    // A drawing that ends after the address changed (or the code was hidden) is of an address no longer shown.
    let wanted = true;
    void drawQr(url).then(
      (drawing) => wanted && setQr(drawing),
      () => wanted && setSaid(t.handOnQrFailed),
    );
    return () => {
      wanted = false;
    };
  }, [showQr, url]);

  const copy = async (): Promise<void> => {
    try {
      // navigator.clipboard is missing outside secure contexts (the app opened over http on a local network): that throws too.
      await navigator.clipboard.writeText(url);
      setSaid(t.handOnCopied);
    } catch {
      setSaid(t.handOnCopyFailed);
    }
  };
  const share = async (): Promise<void> => {
    try {
      await navigator.share({ url });
    } catch (err) {
      // Closing the share sheet is the reader's choice, not a failure.
      if ((err as Error | null)?.name !== 'AbortError') setSaid(t.handOnShareFailed);
    }
  };

  return (
    <section aria-labelledby="s-hand-on" class="hand-on">
      <h2 id="s-hand-on">{t.handOnTitle}</h2>
      <p class="muted">{t.handOnHelp}</p>
      <label for="hand-on-address">{t.handOnAddress}</label>{' '}
      <select id="hand-on-address" value={url} onChange={(e) => setPicked((e.target as HTMLSelectElement).value)} dir="ltr">
        {addresses.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <div class="row">
        <button type="button" class="button" onClick={() => void copy()}>
          {t.handOnCopy}
        </button>
        {'share' in navigator && (
          <button type="button" class="button" onClick={() => void share()}>
            {t.handOnShare}
          </button>
        )}
        <button type="button" class="button" aria-expanded={showQr} onClick={() => setShowQr(!showQr)}>
          {t.handOnQr}
        </button>
      </div>
      <p role="status" aria-live="polite">
        {said}
      </p>
      {showQr && qr && (
        <svg
          class="hand-on__qr"
          viewBox={`0 0 ${qr.size} ${qr.size}`}
          width="240"
          height="240"
          role="img"
          aria-label={t.handOnQrLabel(url)}
          shape-rendering="crispEdges"
        >
          <rect width={qr.size} height={qr.size} fill="#fff" />
          <path d={qr.path} fill="#000" />
        </svg>
      )}
    </section>
  );
}

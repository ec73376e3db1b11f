/** Entry: render the app and start the service-worker bridge; nothing else. */
import './platform/trusted-types';
import { render } from 'preact';
import { App } from './ui/App';
import { registerServiceWorker } from './platform/pwa';
import { startSearchWorker } from './platform/search-worker-start';
import { getSettings, type Settings } from './storage/settings-store';
import { soon } from './platform/soon';
import { startInstallTip } from './ui/use-install';
import './ui/styles.css';

// Each in a task of its own (the first touch of the service-worker container and a worker's start each cost a few
// milliseconds, four times that on a cheap phone), both before the settings are read and the first paint.
soon(registerServiceWorker);
// On its own thread, beside the first paint: the index is ready when a reader searches right away.
soon(startSearchWorker);
// <dialog> where the engine lacks it (Safari before 15.4, Firefox before 98): the share sheet, questions, pictures.
if (!self.HTMLDialogElement) void import('./platform/dialog-fallback');

// Settings come first so the language and theme do not flip after the first paint; never wait long for them (and
// when they come later, a slow phone's cold start, the app takes them then).
const stored = getSettings().catch((): Settings => ({}));
const none: Settings = {};
const fallback = new Promise<Settings>((resolve) => setTimeout(() => resolve(none), 400));
void Promise.race([stored, fallback]).then((settings) => {
  const late = settings === none ? stored : undefined;
  startInstallTip(settings);
  void late?.then(startInstallTip);
  render(<App initialSettings={settings} lateSettings={late} />, document.getElementById('app')!);
});

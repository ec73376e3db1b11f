/** Entry: render the app and start the service-worker bridge; nothing else. */
import './platform/trusted-types';
import { render } from 'preact';
import { App } from './ui/App';
import { registerServiceWorker } from './platform/pwa';
import { startSearchWorker } from './platform/search-worker-start';
import { getSettings, type Settings } from './storage/settings-store';
import './ui/styles.css';

registerServiceWorker();
// On its own thread, beside the first paint: the index is ready when a reader searches right away.
startSearchWorker();

// Settings come first so the language and theme do not flip after the first paint; never wait long for them.
const fallback = new Promise<Settings>((resolve) => setTimeout(() => resolve({}), 400));
void Promise.race([getSettings().catch((): Settings => ({})), fallback]).then((settings) => {
  render(<App initialSettings={settings} />, document.getElementById('app')!);
});

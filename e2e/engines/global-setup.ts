// Owns the cross-engine run's preparation: the browsers present, and the same builds the Chromium suite uses.
import { buildTestApps } from '../global-setup';
import { ensureEngines } from './install';

export default async function setup(): Promise<void> {
  ensureEngines();
  await buildTestApps();
}

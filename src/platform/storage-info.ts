/** How much room the library takes and whether the browser keeps it (StorageManager). */

export interface StorageInfo {
  usage?: number;
  quota?: number;
  persisted: boolean;
}

/** Usage, quota and persistence, where the browser tells them. */
export async function estimateStorage(): Promise<StorageInfo> {
  const s = navigator.storage;
  if (!s) return { persisted: false };
  const [estimate, persisted] = await Promise.all([s.estimate?.().catch(() => undefined), s.persisted?.().catch(() => false)]);
  return { usage: estimate?.usage, quota: estimate?.quota, persisted: !!persisted };
}

/** Asks the browser not to evict the library; true when granted. */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/**
 * Runs `work` in a task of its own, after what runs now. Start-up work is split this way so that no single task holds
 * a slow phone's main thread for long (a long task is what delays a tap, and what Lighthouse's blocking time counts).
 * Returns a function that cancels it if it has not run yet.
 */
export function soon(work: () => void): () => void {
  const timer = setTimeout(work);
  return () => clearTimeout(timer);
}

/** Resolves in a task of its own, after input and painting waiting now (scheduler.yield where the browser has it). */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve));
}

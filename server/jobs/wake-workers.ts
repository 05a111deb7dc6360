type Listener = () => void;

// On globalThis so the route handler and the worker agree even if Next bundles them separately.
const globalForWake = globalThis as unknown as { ledgerlinkWakeListeners?: Set<Listener> };
const listeners = (globalForWake.ledgerlinkWakeListeners ??= new Set<Listener>());

/** Lets an idle in-process worker start on new work now instead of at its next poll. */
export function wakeWorkers(): void {
  for (const listener of listeners) listener();
}

export function onWake(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The page's two kinds of data meet here without either loading the other: server-rendered
 * sections (refreshed with `router.refresh()`) and React Query caches (only on pages whose client
 * components fetch through tRPC). Plain callbacks, so importing this costs nothing on a page
 * without React Query.
 */
type Listener = () => void;

const mutationListeners = new Set<Listener>();
const cacheInvalidators = new Set<Listener>();

function subscribe(listeners: Set<Listener>, listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Called by the tRPC client after any successful mutation: the server's data just changed. */
export function announceMutation(): void {
  for (const listener of mutationListeners) listener();
}

export const onMutation = (listener: Listener): (() => void) => subscribe(mutationListeners, listener);

/** The tRPC client registers how to refetch its caches, once it is loaded. */
export const registerCacheInvalidator = (invalidate: Listener): (() => void) => subscribe(cacheInvalidators, invalidate);

/** Refetch whatever client caches exist (none on a page that never loaded React Query). */
export function invalidateClientCaches(): void {
  for (const invalidate of cacheInvalidators) invalidate();
}

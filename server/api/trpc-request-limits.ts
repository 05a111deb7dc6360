/**
 * How much one `/api/trpc` request may ask of the server. The largest real input (a CSV import
 * excepted, which has its own route) is a few kilobytes, and no page batches more than a handful
 * of procedures: anything near these limits is not from our client.
 */
export const TRPC_MAX_BODY_BYTES = 64 * 1024;

/** Procedures per batched request; the browser's batch link splits its batches at the same size. */
export const TRPC_MAX_BATCH_SIZE = 20;

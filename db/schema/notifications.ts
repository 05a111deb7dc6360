// Filled in by the work that owns it; re-exported from db/schema.ts.
export {};

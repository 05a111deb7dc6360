// Types for scripts/tools.mjs (plain JavaScript so the build and the launcher need no loader).
export interface Tool {
  entry: string;
  bundle: string;
}
export declare const TOOLS: { worker: Tool; migrate: Tool; "rotate-keys": Tool };
export declare const SOURCE_FOLDERS: string[];

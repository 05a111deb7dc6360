import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { SnapshotSchema, type Snapshot } from "./schema";

/** Reads the data file; a missing file is a fresh start, a corrupt one is an error worth seeing. */
export function loadSnapshot(file: string): Snapshot | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = SnapshotSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`emulator data file ${file} is not valid: ${parsed.error.message}`);
  return parsed.data;
}

export interface Persister {
  schedule(): void;
  flush(): void;
}

// Writes are debounced: a burst of API calls (a Link flow, a sync loop) becomes one write.
// The file is replaced atomically (write + rename) so a crash never leaves half a file.
export function createPersister(file: string, snapshot: () => Snapshot, delayMs = 200): Persister {
  mkdirSync(dirname(file), { recursive: true });
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot()));
    renameSync(tmp, file);
  };
  return {
    schedule() {
      if (timer !== undefined) return;
      timer = setTimeout(flush, delayMs);
      timer.unref();
    },
    flush() {
      if (timer !== undefined) flush();
    },
  };
}

import { createHash } from "node:crypto";

// A small seeded PRNG (sfc32) keyed by a SHA-256 of its parts: the same seed and item always
// produce the same data, and it is fast enough to generate 100k transactions in well under a second.
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** A Plaid-looking opaque id (37 base62 characters). */
  id(): string;
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ALPHABET_CODES = Array.from(ALPHABET, (char) => char.charCodeAt(0));
const idCodes: number[] = new Array<number>(37).fill(48);

export function seededRng(...parts: (string | number)[]): Rng {
  const digest = createHash("sha256").update(parts.join("\u0000")).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    chance: (probability) => next() < probability,
    id: () => {
      // One flat string per id (not 37 concatenations): 100k ids would otherwise churn the GC.
      for (let i = 0; i < 37; i++) idCodes[i] = ALPHABET_CODES[Math.floor(next() * 62)] ?? 48;
      return String.fromCharCode(...idCodes);
    },
  };
  return rng;
}

"use client";

/** Placeholder until webhook-driven sync lands. */
export function TransactionsSection() {
  return null;
}

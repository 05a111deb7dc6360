"use client";

import { createContext, useContext, type ReactNode } from "react";

const CurrentUserContext = createContext<string | null>(null);

/**
 * The signed-in user's id for client components that keep something in the browser for that user
 * (the stored Link session): set once by the signed-in layout.
 */
export function CurrentUserProvider({ userId, children }: { userId: string | null; children: ReactNode }) {
  return <CurrentUserContext value={userId}>{children}</CurrentUserContext>;
}

export function useCurrentUserId(): string | null {
  return useContext(CurrentUserContext);
}

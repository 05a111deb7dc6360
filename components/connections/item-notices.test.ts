import { describe, expect, it } from "vitest";
import { pendingDisconnectNotice } from "./item-notices";

const base = { institutionName: "First Platypus Bank", removedAt: null, pendingDisconnectReason: "INSTITUTION_MIGRATION", pendingDisconnectAt: new Date("2026-12-11T00:00:00Z") };

describe("the PENDING_DISCONNECT notice", () => {
  it("names the date to reconnect by and why", () => {
    expect(pendingDisconnectNotice(base)).toEqual({
      headline: "Reconnect before December 11, 2026",
      detail: "First Platypus Bank is moving to a new way of connecting; reconnect so it keeps syncing.",
    });
    expect(pendingDisconnectNotice({ ...base, pendingDisconnectReason: "INSTITUTION_TOKEN_EXPIRATION" })?.detail).toMatch(/^Your permission at First Platypus Bank is expiring/);
  });

  it("says nothing without a warning or for a closed connection", () => {
    expect(pendingDisconnectNotice({ ...base, pendingDisconnectAt: null })).toBeNull();
    expect(pendingDisconnectNotice({ ...base, removedAt: new Date() })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { signUnsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

const SECRET = "unsubscribe-test-secret-0123456789abcdef";

describe("unsubscribe tokens", () => {
  it("answer the user and kind they were signed for", () => {
    const token = signUnsubscribeToken(SECRET, "user-a", "bill_due");
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ ok: true, userId: "user-a", target: "bill_due" });
    expect(verifyUnsubscribeToken(SECRET, signUnsubscribeToken(SECRET, "user-a", "digest"))).toMatchObject({ ok: true, target: "digest" });
  });

  it("refuse a token whose user or kind was changed, or whose signature was", () => {
    const token = signUnsubscribeToken(SECRET, "user-a", "bill_due");
    const [, mac] = token.split(".");
    const otherUser = `${Buffer.from("user-b:bill_due").toString("base64url")}.${mac}`;
    const otherKind = `${Buffer.from("user-a:sync_failing").toString("base64url")}.${mac}`;
    const flipped = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    for (const forged of [otherUser, otherKind, flipped, "", "garbage", `${token}.extra`, token.split(".")[0] ?? ""]) {
      expect(verifyUnsubscribeToken(SECRET, forged)).toEqual({ ok: false });
    }
  });

  it("refuse a token signed with another secret, and a kind that does not exist", () => {
    expect(verifyUnsubscribeToken(SECRET, signUnsubscribeToken("another-secret-0123456789abcdef0123", "user-a", "bill_due"))).toEqual({ ok: false });
    const unknownKind = signUnsubscribeToken(SECRET, "user-a", "bill_due").replace(/^[^.]+/, Buffer.from("user-a:everything").toString("base64url"));
    expect(verifyUnsubscribeToken(SECRET, unknownKind)).toEqual({ ok: false });
  });
});

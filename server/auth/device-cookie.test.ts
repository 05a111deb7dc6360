import { describe, expect, it } from "vitest";
import { DEVICE_COOKIE, deviceCookieOptions, issueDeviceCookie, readCookie, verifyDeviceCookie } from "./device-cookie";

const SECRET = "a test AUTH_SECRET that is long enough!";

describe("the sign-in device cookie", () => {
  it("verifies for the email it was issued for, in any letter case, and keeps its device id when renewed", () => {
    const cookie = issueDeviceCookie(SECRET, "Owner@Example.com");
    const deviceId = verifyDeviceCookie(SECRET, "owner@example.com", cookie);
    expect(deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(issueDeviceCookie(SECRET, "owner@example.com", deviceId ?? "")).toBe(cookie);
    expect(cookie).not.toContain("owner");
  });

  it("refuses another email, another secret, a changed device id or signature, and junk", () => {
    const cookie = issueDeviceCookie(SECRET, "owner@example.com");
    const [deviceId, signature] = cookie.split(".");
    expect(verifyDeviceCookie(SECRET, "attacker@example.com", cookie)).toBeNull();
    expect(verifyDeviceCookie("another secret that is long enough!!", "owner@example.com", cookie)).toBeNull();
    expect(verifyDeviceCookie(SECRET, "owner@example.com", `${"A".repeat(22)}.${signature}`)).toBeNull();
    expect(verifyDeviceCookie(SECRET, "owner@example.com", `${deviceId}.${"A".repeat(43)}`)).toBeNull();
    for (const junk of [null, "", "x", `${cookie}.extra`, `../${cookie}`]) expect(verifyDeviceCookie(SECRET, "owner@example.com", junk)).toBeNull();
  });

  it("is httpOnly, SameSite=Lax, and Secure with a __Host- name in production", () => {
    expect(deviceCookieOptions(true)).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
    expect(deviceCookieOptions(false)).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false });
    expect(DEVICE_COOKIE.name(true)).toBe("__Host-ledgerlink-device");
  });

  it("reads one cookie from a Cookie header", () => {
    const headers = new Headers({ cookie: "a=1; ledgerlink-device=abc.def; b=2" });
    expect(readCookie(headers, "ledgerlink-device")).toBe("abc.def");
    expect(readCookie(headers, "missing")).toBeNull();
  });
});

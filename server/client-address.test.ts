import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress } from "./client-address";

const withForwardedFor = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientAddress", () => {
  it("trusts no header at all without a proxy (the default), whatever the client sends", () => {
    expect(clientAddress(withForwardedFor("198.51.100.7"), 0)).toBeNull();
    expect(clientAddress(new Headers({ "x-real-ip": "198.51.100.7" }), 0)).toBeNull();
  });

  it("takes the entry the nearest trusted proxy appended, ignoring what the client prepended", () => {
    // The client sent "1.2.3.4"; our one proxy appended the address it really saw.
    expect(clientAddress(withForwardedFor("1.2.3.4, 203.0.113.9"), 1)).toBe("203.0.113.9");
    // Two proxies (CDN, then load balancer): the client is second from the right.
    expect(clientAddress(withForwardedFor("1.2.3.4, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
  });

  it("trusts nothing when the header has fewer entries than trusted proxies, or junk", () => {
    expect(clientAddress(withForwardedFor("203.0.113.9"), 2)).toBeNull();
    expect(clientAddress(new Headers(), 1)).toBeNull();
    expect(clientAddress(withForwardedFor("1.2.3.4, not-an-address"), 1)).toBeNull();
  });
});

describe("normaliseAddress", () => {
  it("keeps IPv4, unwraps IPv4-mapped IPv6 and reduces IPv6 to its /64", () => {
    expect(normaliseAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(normaliseAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normaliseAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(normaliseAddress("[2001:db8:1:2::1]")).toBe("2001:db8:1:2::/64");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("refuses anything that is not an address", () => {
    expect(normaliseAddress("unknown")).toBeNull();
    expect(normaliseAddress("")).toBeNull();
    expect(normaliseAddress("1.2.3.4:5678")).toBeNull();
  });
});

import { isIPv4, isIPv6 } from "node:net";

/**
 * The client's address, by one documented trust model: `trustedProxyHops` proxies that we run sit
 * in front of the app, and each appends the address it received the request from to
 * X-Forwarded-For. Entries left of those are whatever the client sent, so the client's address is
 * the `trustedProxyHops`-th entry counted from the right.
 *
 * With 0 hops (the default: no proxy) the header is not trusted at all. `next start` keeps a
 * client-supplied X-Forwarded-For and only fills it in from the socket when it is absent, so the
 * app cannot tell a real address from a forged one: null, and callers must not key anything on it.
 *
 * IPv6 addresses are reduced to their /64 network: one host gets a whole /64, so a per-address
 * limit keyed by the full address would give an attacker 2^64 buckets.
 */
export function clientAddress(headers: Headers, trustedProxyHops: number): string | null {
  if (trustedProxyHops < 1) return null;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request did not come through all of them, so none is trusted.
  const entry = hops[hops.length - trustedProxyHops];
  return entry === undefined ? null : normaliseAddress(entry);
}

/** A canonical form for rate-limit keys, or null when the text is not an IP address. */
export function normaliseAddress(raw: string): string | null {
  const address = raw.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return null;
  const groups = ipv6Groups(address);
  // IPv4-mapped (::ffff:a.b.c.d) is an IPv4 client seen through a dual-stack socket.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` expanded and an IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

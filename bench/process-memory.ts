import { readFileSync } from "node:fs";

/** A field of /proc/<pid>/status in MB (Linux), e.g. VmHWM (peak resident set) or VmRSS. */
export function procStatusMb(field: "VmHWM" | "VmRSS", pid: number | "self" = "self"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** This process's peak resident set in MB: VmHWM where /proc exists, else getrusage's maxrss. */
export function peakRssMb(): number {
  return procStatusMb("VmHWM") ?? process.resourceUsage().maxRSS / 1024;
}

export function currentRssMb(): number {
  return procStatusMb("VmRSS") ?? process.memoryUsage().rss / 1024 / 1024;
}

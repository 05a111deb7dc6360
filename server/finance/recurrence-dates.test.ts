import { describe, expect, it } from "vitest";
import { occurrences } from "./recurrence-dates";

describe("occurrences of a repeating payment", () => {
  it("repeats weekly and biweekly from the anchor, inside the window only", () => {
    expect(occurrences("2026-01-02", "WEEKLY", "2026-01-05", "2026-01-31")).toEqual(["2026-01-09", "2026-01-16", "2026-01-23", "2026-01-30"]);
    expect(occurrences("2026-01-02", "BIWEEKLY", "2026-01-01", "2026-02-15")).toEqual(["2026-01-02", "2026-01-16", "2026-01-30", "2026-02-13"]);
  });

  it("keeps a monthly day of the month, falling on the last day of shorter months and returning after", () => {
    expect(occurrences("2026-01-31", "MONTHLY", "2026-01-01", "2026-05-31")).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]);
    expect(occurrences("2028-01-30", "MONTHLY", "2028-02-01", "2028-03-31")).toEqual(["2028-02-29", "2028-03-30"]);
  });

  it("pays semi-monthly on the anchor's day and 15 days later in every month, the second clamped to the month's end", () => {
    expect(occurrences("2026-01-15", "SEMI_MONTHLY", "2026-01-01", "2026-03-01")).toEqual(["2026-01-15", "2026-01-30", "2026-02-15", "2026-02-28"]);
    expect(occurrences("2026-01-20", "SEMI_MONTHLY", "2026-01-01", "2026-02-28")).toEqual(["2026-01-20", "2026-02-05", "2026-02-20"]);
  });

  it("repeats annually on the date (Feb 29 on Feb 28) and places an UNKNOWN frequency on its anchor only", () => {
    expect(occurrences("2028-02-29", "ANNUALLY", "2028-01-01", "2030-12-31")).toEqual(["2028-02-29", "2029-02-28", "2030-02-28"]);
    expect(occurrences("2026-03-04", "UNKNOWN", "2026-03-01", "2026-06-01")).toEqual(["2026-03-04"]);
    expect(occurrences("2026-02-04", "UNKNOWN", "2026-03-01", "2026-06-01")).toEqual([]);
  });

  it("skips the days before the window when the anchor is in the past", () => {
    expect(occurrences("2025-12-10", "MONTHLY", "2026-01-01", "2026-02-28")).toEqual(["2026-01-10", "2026-02-10"]);
  });
});

import { describe, expect, it } from "vitest";
import { filtersQuery, pageQuery, readExplorerState } from "./explorer-params";

const read = (query: string) => readExplorerState(new URLSearchParams(query));

describe("the explorer's URL", () => {
  it("round-trips every filter through the query string", () => {
    const query = "q=coffee&bank=0d6f6f8e-7f5e-4c1e-9a53-1b2b3c4d5e6f&category=FOOD_AND_DRINK&from=2026-01-01&to=2026-02-01&min=4.31&max=100&status=pending&direction=out&sort=amount_asc";
    const { filters } = read(query);
    expect(filters).toMatchObject({ q: "coffee", category: "FOOD_AND_DRINK", from: "2026-01-01", min: "4.31", status: "pending", direction: "out", sort: "amount_asc" });
    expect(new URLSearchParams(filtersQuery(filters)).toString()).toBe(new URLSearchParams(query).toString());
  });

  it("drops values the server would refuse instead of failing the page", () => {
    const { filters } = read("account=not-a-uuid&category=DROP%20TABLE&from=yesterday&min=1e9&status=maybe&sort=random");
    expect(filters).toEqual({ sort: "date_desc" });
    expect(filtersQuery(filters)).toBe("");
  });

  it("swaps a reversed date or amount range", () => {
    expect(read("from=2026-03-01&to=2026-01-01").filters).toMatchObject({ from: "2026-01-01", to: "2026-03-01" });
    expect(read("min=50&max=5").filters).toMatchObject({ min: "5", max: "50" });
  });

  it("keeps the cursor and page out of the filters, and one direction only", () => {
    const state = read("q=x&after=2026-01-01~abc&before=2026-02-01~def&page=3");
    expect(state).toMatchObject({ after: "2026-01-01~abc", before: null, page: 3 });
    expect(pageQuery(state.filters, { after: "2026-01-01~abc" }, 4)).toBe("q=x&after=2026-01-01%7Eabc&page=4");
  });
});

import { describe, expect, it } from "vitest";
import * as health from "./route";

describe("/api/health", () => {
  it("answers GET with 200 and touches nothing", async () => {
    const response = health.GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("exports no method that could read a body (Next answers 405 for the rest)", () => {
    const methods = Object.keys(health).filter((name) => /^[A-Z]+$/.test(name));
    expect(methods).toEqual(["GET"]);
  });
});

import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { confinedPath } from "../../src/emit/paths.ts";

describe("confinedPath: the writer's last guard on artifact paths", () => {
  test("a plain relative path lands inside the root", () => {
    expect(confinedPath("/out", "prometheus/api.rules.yml")).toBe(
      join("/out", "prometheus/api.rules.yml"),
    );
  });

  test.for([
    "../escape.yml",
    "/etc/passwd",
    "a/../../b",
    "a/../b",
    "./a",
    "a//b",
    "a/",
    "",
    "..\\b",
    "a\\..\\..\\b",
  ])("refuses %j", (path) => {
    expect(() => confinedPath("/out", path)).toThrow(/escapes the output folder/);
  });
});

import { describe, expect, test } from "bun:test";
import { parseFeatureFile } from "../../src/extractors/nfd/local.ts";
import { ExtractError } from "../../src/extractors/types.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { keysUnder, nfdRoot, nfdSection } from "./nfd_util.ts";

describe("nfd[local]", () => {
  test("features.d files: sorted, dotfiles skipped, directives, later files win", async () => {
    const local = nfdSection(nfdRoot("intel-2s"), "local");
    expect(local).toEqual({
      // site
      "feature.gpu.vendor": "amd", // overridden by zz-override
      "label.gpu.vendor": "amd",
      "feature.has-ib": "true", // zz-override's no-feature only removes its own line
      "label.has-ib": "true",
      "feature.internal": "1", // no-label
      "feature.example.com/rack": "r12",
      "label.example.com/rack": "r12",
    });
    expect(keysUnder(local, "feature").includes("secret")).toBe(false); // .hidden
    expect(keysUnder(local, "feature").includes("old")).toBe(false); // expired
  });

  test("no features.d directory: empty, not an error", async () => {
    expect(nfdSection(nfdRoot("minimal"), "local")).toEqual({});
  });

  test("a malformed file is an error naming the file and line", async () => {
    let err: unknown;
    try {
      nfdSection(nfdRoot("local-bad"), "local");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as Error).message).toContain("/etc/kubernetes/node-feature-discovery/features.d/b-broken:3:");
    expect((err as Error).message).toContain("unknown directive");
    const r = await runInProcess(["extract", "--root", nfdRoot("local-bad"), "--name", "nfd[local]"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("b-broken:3");
  });

  test("parser: expiry, empty key, bad time", async () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseFeatureFile("# +expiry-time=2024-12-31T23:59:59Z\na=1\n", "f", now).features).toEqual({});
    // Exactly now (in another zone) is not yet expired: NFD skips only when expiry is before now.
    expect(parseFeatureFile("# +expiry-time=2025-01-01T01:00:00+01:00\na=1\n", "f", now).features).toEqual({ a: "1" });
    expect(parseFeatureFile("# +expiry-time=2026-01-01T00:00:00Z\na=1=2\n", "f", now).features).toEqual({ a: "1=2" });
    expect(() => parseFeatureFile("ok\n=v\n", "/x/f", now)).toThrow("/x/f:2: empty feature name");
    expect(() => parseFeatureFile("# +expiry-time=tomorrow\n", "/x/f", now)).toThrow("/x/f:1: expiry-time");
  });
});

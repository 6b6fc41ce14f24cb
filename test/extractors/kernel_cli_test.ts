import { describe, expect, test } from "bun:test";
import * as path from "node:path";
import { kernelExtractor } from "../../src/extractors/kernel/mod.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { corpusNames, FIXTURES, unpackedRoot } from "../util/fixtures.ts";
import { discoverSection } from "../../src/extractors/run.ts";

const ROOTS = path.join(FIXTURES, "kernel", "roots");

describe("kernel through the CLI", () => {
  test("a full root gives all three sections", async () => {
    const r = await runInProcess(["extract", "--name", "kernel", "--root", path.join(ROOTS, "ubuntu")]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout).results.kernel.sections;
    expect(Object.keys(s)).toEqual(["boot", "config", "modules"]);
    for (const section of Object.values(s)) expect(Object.keys(section as object).length).toBeGreaterThan(0);
  });

  test("no /boot and no /proc/config.gz: an error without --allow-fail", async () => {
    const r = await runInProcess(["extract", "--name", "kernel", "--root", path.join(ROOTS, "noconfig")]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("kernel[config]");
    expect(r.stderr).toContain("/boot/config-6.1.0-13-amd64");
    expect(r.stderr).toContain("/proc/config.gz");
  });

  test("... and an empty section plus a warning with it", async () => {
    const r = await runInProcess(["extract", "--name", "kernel", "--allow-fail", "--root", path.join(ROOTS, "noconfig")]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout).results.kernel.sections;
    expect(s.config).toEqual({});
    expect(s.boot.root).toBe("/dev/sda1");
    expect(s.modules["module.loop.parameter.max_loop"]).toBe("8");
    expect(r.stderr).toContain("kernel[config]");
  });

  test("the lscpu corpus carries no kernel files: each section fails naming its path", async () => {
    for (const name of corpusNames()) {
      const host = new DirectoryHost(unpackedRoot(name));
      expect(() => discoverSection(kernelExtractor, "boot", { host, env: {} })).toThrow("/proc/cmdline");
      expect(() => discoverSection(kernelExtractor, "modules", { host, env: {} })).toThrow("/sys/module");
      expect(() => discoverSection(kernelExtractor, "config", { host, env: {} })).toThrow("/proc/config.gz");
    }
  });

});

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseKernelCmdline } from "../../src/extractors/kernel/cmdline.ts";
import { kernelExtractor } from "../../src/extractors/kernel/mod.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { FIXTURES } from "../util/fixtures.ts";
import { discoverSection } from "../../src/extractors/run.ts";

const ROOTS = path.join(FIXTURES, "kernel", "roots");

describe("parseKernelCmdline", () => {
  test("key=value splits at the first '=', bare flags are empty", () => {
    expect(parseKernelCmdline("ro quiet root=UUID=ab-12 console=ttyS0,115200n8\n")).toEqual({
      ro: "",
      quiet: "",
      root: "UUID=ab-12",
      console: "ttyS0,115200n8",
    });
  });

  test("double quotes keep spaces and are removed", () => {
    expect(parseKernelCmdline('dyndbg="file x.c +p" "acpi_osi=!Windows 2012" a=1')).toEqual({
      dyndbg: "file x.c +p",
      acpi_osi: "!Windows 2012",
      a: "1",
    });
  });

  test("init's arguments after -- are not kernel parameters", () => {
    expect(parseKernelCmdline("quiet -- --single init-arg=1")).toEqual({ quiet: "" });
  });

  test("a repeated key keeps its last value; runs of whitespace are one separator", () => {
    expect(parseKernelCmdline("  console=tty0 \t console=ttyS0  ")).toEqual({ console: "ttyS0" });
    expect(parseKernelCmdline("")).toEqual({});
  });

  test("every unquoted simple token round-trips", () => {
    const word = fc.stringMatching(/^[a-z_.]{1,8}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9=,:/.-]{0,10}$/);
    fc.assert(
      fc.property(fc.dictionary(word, value, { maxKeys: 8 }), (params) => {
        const line = Object.entries(params).map(([k, v]) => (v === "" ? k : `${k}=${v}`)).join(" ");
        expect(parseKernelCmdline(line)).toEqual(params);
      }),
    );
  });
});

describe("kernel[boot] on fixture roots", () => {
  test("ubuntu root: every parameter of the file", () => {
    const host = new DirectoryHost(path.join(ROOTS, "ubuntu"));
    const boot = discoverSection(kernelExtractor, "boot", { host, env: {} });
    const raw = fs.readFileSync(path.join(ROOTS, "ubuntu/proc/cmdline"), "utf8");
    expect(boot.BOOT_IMAGE).toBe(/BOOT_IMAGE=(\S+)/.exec(raw)![1]!);
    expect(boot.root).toBe(/root=(\S+)/.exec(raw)![1]!);
    expect(boot.quiet).toBe("");
    expect(boot.dyndbg).toBe(/"dyndbg=([^"]*)"/.exec(raw)![1]!);
    expect(Object.keys(boot).length).toBe(raw.trim().replace(/"[^"]*"/g, "Q").split(/\s+/).length);
  });

  test("this machine's captured cmdline stops at init's --", () => {
    const host = new DirectoryHost(path.join(ROOTS, "procgz"));
    const boot = discoverSection(kernelExtractor, "boot", { host, env: {} });
    const raw = fs.readFileSync(path.join(ROOTS, "procgz/proc/cmdline"), "utf8");
    const kernelPart = raw.split(" -- ")[0]!.trim().split(/\s+/);
    expect(Object.keys(boot).sort()).toEqual(kernelPart.map((t) => t.split("=")[0]!).sort());
  });
});

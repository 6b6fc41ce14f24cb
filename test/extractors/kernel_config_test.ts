import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { parseKernelConfig, readKernelConfig } from "../../src/extractors/kernel/config.ts";
import { ExtractError } from "../../src/extractors/types.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const ROOTS = path.join(FIXTURES, "kernel", "roots");

/** The CONFIG_ lines of a config text, counted independently of the parser. */
function setOptions(text: string): string[] {
  return text.split("\n").filter((l) => /^CONFIG_\w+=/.test(l));
}

describe("parseKernelConfig", () => {
  test("set options are kept with their raw values; unset ones and comments are absent", () => {
    const c = parseKernelConfig('#\n# CONFIG_X is not set\nCONFIG_A=y\nCONFIG_B=m\nCONFIG_S=""\nCONFIG_CMDLINE="a=b c"\n\nCONFIG_N=32\r\n');
    expect(c).toEqual({ CONFIG_A: "y", CONFIG_B: "m", CONFIG_S: '""', CONFIG_CMDLINE: '"a=b c"', CONFIG_N: "32" });
  });
});

describe("kernel[config]", () => {
  test("/boot/config-<release> comes first", () => {
    const host = new DirectoryHost(path.join(ROOTS, "ubuntu"));
    const release = fs.readFileSync(path.join(ROOTS, "ubuntu/proc/sys/kernel/osrelease"), "utf8").trim();
    const text = fs.readFileSync(path.join(ROOTS, `ubuntu/boot/config-${release}`), "utf8");
    const config = readKernelConfig(host);
    expect(Object.keys(config).length).toBe(setOptions(text).length);
    expect(config.CONFIG_HZ).toBe(/^CONFIG_HZ=(.*)$/m.exec(text)![1]!);
    expect(config.CONFIG_CMDLINE).toBe(/^CONFIG_CMDLINE=(.*)$/m.exec(text)![1]!);
    expect(config).not.toHaveProperty("CONFIG_HZ_1000");
    expect(config).not.toHaveProperty("CONFIG_FROM_PROC"); // that is /proc/config.gz's
  });

  test("/proc/config.gz (this machine's, gzipped) when /boot has none", () => {
    const host = new DirectoryHost(path.join(ROOTS, "procgz"));
    const text = gunzipSync(fs.readFileSync(path.join(ROOTS, "procgz/proc/config.gz"))).toString("utf8");
    const config = readKernelConfig(host);
    const lines = setOptions(text);
    expect(lines.length).toBeGreaterThan(100);
    expect(Object.keys(config).length).toBe(lines.length);
    for (const line of lines.slice(0, 50)) {
      const eq = line.indexOf("=");
      expect(config[line.slice(0, eq)]).toBe(line.slice(eq + 1));
    }
  });

  test("neither file: an error naming both paths", () => {
    const host = new DirectoryHost(path.join(ROOTS, "noconfig"));
    expect(() => readKernelConfig(host)).toThrow(ExtractError);
    expect(() => readKernelConfig(host)).toThrow(/\/boot\/config-6\.1\.0-13-amd64.*\/proc\/config\.gz/);
  });

  test("no osrelease: says so, and still names /proc/config.gz", () => {
    const host = new DirectoryHost(path.join(ROOTS, "bare"));
    expect(() => readKernelConfig(host)).toThrow(/osrelease is missing.*\/proc\/config\.gz/);
  });

  test("a corrupt /proc/config.gz is a clear error", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, "proc"));
    fs.writeFileSync(path.join(root, "proc/config.gz"), "CONFIG_A=y\n");
    expect(() => readKernelConfig(new DirectoryHost(root))).toThrow(/\/proc\/config\.gz is not valid gzip data/);
    fs.rmSync(root, { recursive: true });
  });
});

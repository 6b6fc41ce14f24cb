import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { kconfigPaths, parseBuiltinModules, parseKconfig, parseKernelVersion } from "../../src/extractors/nfd/kernel.ts";
import { tempDir } from "../util/fixtures.ts";
import { keysUnder, nfdRoot, nfdSection } from "./nfd_util.ts";

describe("nfd[kernel]", () => {
  test("hand-made root: version, config, modules, selinux", () => {
    const root = nfdRoot("intel-2s");
    const k = nfdSection(root, "kernel");
    const release = fs.readFileSync(path.join(root, "proc/sys/kernel/osrelease"), "utf8").trim();
    expect(k["version.full"]).toBe(release);
    expect([k["version.major"], k["version.minor"], k["version.revision"]]).toEqual(release.split("-")[0]!.split("."));
    expect(k["config.X86_64"]).toBe("y");
    expect(k["config.KVM"]).toBe("m");
    expect(k["config.HZ"]).toBe("250");
    expect(k["config.LOCALVERSION"]).toBe("");
    expect(k["config.DEFAULT_HOSTNAME"]).toBe("(none)");
    expect(k["config.PREEMPT"]).toBeUndefined();
    expect(keysUnder(k, "loadedmodule")).toEqual(["br_netfilter", "ext4", "nvidia"]);
    expect(keysUnder(k, "enabledmodule")).toEqual(["br_netfilter", "ext4", "nvidia", "virtio_blk", "xhci-hcd"]);
    expect(k["selinux.enabled"]).toBe("true");
  });

  test("a root with none of the files gives no keys (NFD never fails here)", () => {
    expect(nfdSection(nfdRoot("minimal"), "kernel")).toEqual({});
  });

  test("/proc/config.gz wins and is gunzipped; without modules.builtin there is no enabledmodule", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, "proc/sys/kernel"), { recursive: true });
    fs.writeFileSync(path.join(root, "proc/sys/kernel/osrelease"), "6.8\n");
    fs.writeFileSync(path.join(root, "proc/config.gz"), gzipSync("CONFIG_FROM_PROC=y\n"));
    fs.writeFileSync(path.join(root, "proc/modules"), "ext4 1 0 - Live 0x0\n");
    fs.mkdirSync(path.join(root, "boot"));
    fs.writeFileSync(path.join(root, "boot/config-6.8"), "CONFIG_FROM_BOOT=y\n");
    fs.mkdirSync(path.join(root, "sys/fs"), { recursive: true });
    const k = nfdSection(root, "kernel");
    expect(k).toEqual({
      "version.full": "6.8", "version.major": "6", "version.minor": "8", "version.revision": "",
      "config.FROM_PROC": "y", "loadedmodule.ext4": "true", "selinux.enabled": "false",
    });
    fs.rmSync(root, { recursive: true });
  });

  test("version parsing as NFD", () => {
    expect(parseKernelVersion("6.0.10-100+123.x86_64~")).toEqual({ full: "6.0.10-100_123.x86_64", major: "6", minor: "0", revision: "10" });
    expect(parseKernelVersion("5.15.153.1-microsoft-standard-WSL2")).toEqual({ full: "5.15.153.1-microsoft-standard-WSL2" });
    expect(parseKernelVersion("6.6.12+rpt-rpi-v8")).toEqual({ full: "6.6.12_rpt-rpi-v8" });
  });

  test("kconfig and builtin parsers", () => {
    expect(parseKconfig('CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C="x y"\nNOT_CONFIG=1\n')).toEqual({ A: "y", C: "x y" });
    expect(parseBuiltinModules("kernel/fs/ext4/ext4.ko\nfoo.ko\nREADME\n")).toEqual(["ext4", "foo"]);
    expect(kconfigPaths(undefined)).toEqual(["/proc/config.gz", "/usr/src/linux/.config"]);
    expect(kconfigPaths("6.1").at(-1)).toBe("/boot/config-6.1");
  });
});

test("a corrupt /proc/config.gz falls through to the next candidate", () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, "proc/sys/kernel"), { recursive: true });
  fs.writeFileSync(path.join(root, "proc/sys/kernel/osrelease"), "6.1.0\n");
  fs.writeFileSync(path.join(root, "proc/config.gz"), "not gzip at all");
  fs.mkdirSync(path.join(root, "boot"));
  fs.writeFileSync(path.join(root, "boot/config-6.1.0"), "CONFIG_FROM_BOOT=y\n");
  expect(nfdSection(root, "kernel")["config.FROM_BOOT"]).toBe("y");
  fs.rmSync(root, { recursive: true });
});

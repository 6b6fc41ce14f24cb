import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { readKernelModules } from "../../src/extractors/kernel/modules.ts";
import { ExtractError } from "../../src/extractors/types.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { type Host, HostError } from "../../src/host/host.ts";
import { FIXTURES } from "../util/fixtures.ts";

const ROOTS = path.join(FIXTURES, "kernel", "roots");

describe("kernel[modules]", () => {
  for (const name of ["ubuntu", "procgz"]) {
    test(`${name}: every module directory, version and parameter`, () => {
      const root = path.join(ROOTS, name);
      const release = fs.readFileSync(path.join(root, "proc/sys/kernel/osrelease"), "utf8").trim();
      const modules = readKernelModules(new DirectoryHost(root));
      const want: Record<string, string> = {};
      const dir = path.join(root, "sys/module");
      for (const m of fs.readdirSync(dir)) {
        if (!fs.statSync(path.join(dir, m)).isDirectory()) continue;
        const v = path.join(dir, m, "version");
        want[`module.${m}`] = fs.existsSync(v) ? fs.readFileSync(v, "utf8").trim() : release;
        const p = path.join(dir, m, "parameters");
        if (!fs.existsSync(p)) continue;
        for (const param of fs.readdirSync(p)) {
          want[`module.${m}.parameter.${param}`] = fs.readFileSync(path.join(p, param), "utf8").trim();
        }
      }
      expect(modules).toEqual(want);
    });
  }

  test("ubuntu: out-of-tree versions, in-tree modules get the kernel release, files are not modules", () => {
    const m = readKernelModules(new DirectoryHost(path.join(ROOTS, "ubuntu")));
    expect(m["module.nvidia"]).toBe(fs.readFileSync(path.join(ROOTS, "ubuntu/sys/module/nvidia/version"), "utf8").trim());
    expect(m["module.button"]).toBe(fs.readFileSync(path.join(ROOTS, "ubuntu/proc/sys/kernel/osrelease"), "utf8").trim());
    expect(m).not.toHaveProperty("module.not_a_module");
  });

  test("unreadable parameter files are skipped, not fatal", () => {
    const inner = new DirectoryHost(path.join(ROOTS, "ubuntu"));
    const secret = "/sys/module/nvidia/parameters/NVreg_RegistryDwords";
    const host: Host = {
      description: inner.description,
      live: false,
      readText: (p) => inner.readText(p),
      tryReadText(p) {
        if (p === secret) throw new HostError(p, "unreadable", "EACCES");
        return inner.tryReadText(p);
      },
      readBytes: (p) => inner.readBytes(p),
      listDir: (p) => inner.listDir(p),
      readLink: (p) => inner.readLink(p),
      exists: (p) => inner.exists(p),
      isDirectory: (p) => inner.isDirectory(p),
    };
    const m = readKernelModules(host);
    expect(m).not.toHaveProperty("module.nvidia.parameter.NVreg_RegistryDwords");
    expect(m["module.nvidia.parameter.NVreg_EnableGpuFirmware"]).toBe("Y");
  });

  test("a missing /sys/module is an error naming it", () => {
    expect(() => readKernelModules(new DirectoryHost(path.join(ROOTS, "bare")))).toThrow(ExtractError);
    expect(() => readKernelModules(new DirectoryHost(path.join(ROOTS, "bare")))).toThrow("/sys/module does not exist");
  });
});

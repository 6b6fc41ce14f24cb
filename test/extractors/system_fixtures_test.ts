/**
 * The system extractor on hand-made roots (fixtures/machines: a GPU node, a
 * container without /sys), on roots written here for one case each, on an
 * empty root (the errors), and on this very machine.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { systemExtractor } from "../../src/extractors/system/mod.ts";
import { parseCpuList } from "../../src/linux/cpulist.ts";
import { parseTopology } from "../../src/extractors/system/topology.ts";
import { ExtractError } from "../../src/extractors/types.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { HostError } from "../../src/host/host.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";
import { discoverSection } from "../../src/extractors/run.ts";

const MACHINES = path.join(FIXTURES, "machines");
const discover = (root: string, section: string) =>
  discoverSection(systemExtractor, section, { host: new DirectoryHost(root), env: {} });
const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), "utf8");

/** Write `files` (machine path → content; a value `{ link }` makes a symbolic link) under a fresh root. */
function writeRoot(files: Record<string, string | { link: string }>): string {
  const root = tempDir("compspec-system-");
  for (const [p, content] of Object.entries(files)) {
    const real = path.join(root, p);
    fs.mkdirSync(path.dirname(real), { recursive: true });
    if (typeof content === "string") fs.writeFileSync(real, content);
    else fs.symlinkSync(content.link, real);
  }
  return root;
}

/** cpuinfo fields by CPU, from the fixture text (the test's own reading of it). */
function cpuinfoBlocks(text: string): Map<string, string>[] {
  return text.split(/\n\s*\n/).filter((b) => /^processor\s*:/m.test(b)).map((b) =>
    new Map(b.split("\n").filter((l) => l.includes(":")).map((l) => {
      const i = l.indexOf(":");
      return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as [string, string];
    }))
  );
}

describe("GPU node (fixtures/machines/gpu-node)", () => {
  const root = path.join(MACHINES, "gpu-node");
  const pci = path.join(root, "sys/bus/pci/devices");

  test("GPUs: every NVIDIA display-class function, none of the BMC's VGA or other devices", async () => {
    const gpu = discover(root, "gpu");
    const nvidia = fs.readdirSync(pci).filter((d) => read(pci, `${d}/vendor`).trim() === "0x10de").sort();
    expect(nvidia.length).toBeGreaterThan(0);
    expect(gpu["count"]).toBe(String(nvidia.length));
    nvidia.forEach((addr, i) => {
      expect(gpu[`${i}.pci`]).toBe(addr);
      expect(gpu[`${i}.vendor`]).toBe("NVIDIA");
      expect(gpu[`${i}.vendor_id`]).toBe("0x10de");
      expect(gpu[`${i}.device_id`]).toBe(read(pci, `${addr}/device`).trim());
      expect(gpu[`${i}.numa_node`]).toBe(read(pci, `${addr}/numa_node`).trim());
      expect(gpu[`${i}.driver`]).toBe(path.basename(fs.readlinkSync(path.join(pci, addr, "driver"))));
      const model = /^Model:\s*(.+)$/m.exec(read(root, `proc/driver/nvidia/gpus/${addr}/information`))![1]!.trim();
      expect(gpu[`${i}.model`]).toBe(model);
    });
    const values = Object.values(gpu).join(" ");
    expect(values).not.toContain("0x1a03");
  });

  test("cpu: sockets, cores, threads from sysfs agree with the fixture's cpuinfo; NUMA from node cpulists", async () => {
    const cpu = discover(root, "cpu");
    const blocks = cpuinfoBlocks(read(root, "proc/cpuinfo"));
    const sockets = new Set(blocks.map((b) => b.get("physical id")));
    const cores = new Set(blocks.map((b) => `${b.get("physical id")}:${b.get("core id")}`));
    expect(cpu["topology.source"]).toBe("sysfs");
    expect(cpu["cpus"]).toBe(String(blocks.length));
    expect(cpu["sockets"]).toBe(String(sockets.size));
    expect(cpu["cores"]).toBe(String(cores.size));
    expect(cpu["threads_per_core"]).toBe(String(blocks.length / cores.size));
    const nodes = fs.readdirSync(path.join(root, "sys/devices/system/node")).filter((n) => /^node\d+$/.test(n));
    expect(cpu["numa_nodes"]).toBe(String(nodes.length));
    for (const p of parseTopology(cpu["topology"]!)!) {
      const b = blocks.find((b) => b.get("processor") === String(p.cpu))!;
      expect(String(p.package)).toBe(b.get("physical id")!);
      expect(String(p.core)).toBe(b.get("core id")!);
      const inNode = nodes.find((n) => {
        const r = parseCpuList(read(root, `sys/devices/system/node/${n}/cpulist`));
        return r.ok && r.value.includes(p.cpu);
      });
      expect(`node${p.node}`).toBe(inNode!);
    }
    expect(cpu["cache.L3.instances"]).toBe(String(sockets.size));
    expect(cpu["vendor"]).toBe(blocks[0]!.get("vendor_id")!);
    expect(cpu["model"]).toBe(blocks[0]!.get("model name")!);
    expect(cpu["types"]).toBeUndefined();
  });

  test("memory: every meminfo line, and per-node memory and CPUs", async () => {
    const mem = discover(root, "memory");
    const lines = read(root, "proc/meminfo").trim().split("\n");
    for (const l of lines) {
      const [k, v] = [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()];
      expect(mem[k.replace("(", "_").replace(")", "").toLowerCase()]).toBe(v);
    }
    const n1 = /MemTotal:\s*(\d+ kB)/.exec(read(root, "sys/devices/system/node/node1/meminfo"))![1]!;
    expect(mem["numa.1.memtotal"]).toBe(n1);
    expect(mem["numa.1.cpus"]).toBe(read(root, "sys/devices/system/node/node1/cpulist").trim());
  });

  test("processor: one representative for a machine of one CPU type", async () => {
    const p = discover(root, "processor");
    expect(p["count"]).toBe(String(cpuinfoBlocks(read(root, "proc/cpuinfo")).length));
    expect(Object.keys(p).filter((k) => k.endsWith(".raw.processor"))).toEqual(["0.raw.processor"]);
  });

  test("os and arch (inferred from cpuinfo: the root has no /proc/sys/kernel/arch)", async () => {
    expect(discover(root, "os")).toMatchObject({ vendor: "rocky", version: "9.4", release: "9.4" });
    expect(discover(root, "arch")).toMatchObject({ arch: "x86_64", name: "amd64" });
  });
});

describe("container without /sys (fixtures/machines/container-no-sys)", () => {
  const root = path.join(MACHINES, "container-no-sys");

  test("cpu falls back to /proc/cpuinfo and says so", async () => {
    const cpu = discover(root, "cpu");
    const blocks = cpuinfoBlocks(read(root, "proc/cpuinfo"));
    const cores = new Set(blocks.map((b) => `${b.get("physical id")}:${b.get("core id")}`));
    expect(cpu["topology.source"]).toBe("cpuinfo");
    expect(cpu["cpus"]).toBe(String(blocks.length));
    expect(cpu["cores"]).toBe(String(cores.size));
    expect(cpu["sockets"]).toBe(String(new Set(blocks.map((b) => b.get("physical id"))).size));
    expect(cpu["numa_nodes"]).toBe("1");
    expect(cpu["numa_nodes.all"]).toBeUndefined();
    expect(parseTopology(cpu["topology"]!)!.every((p) => p.node === -1)).toBe(true);
  });

  test("gpu is empty (no /sys/bus/pci: nothing can be said), not an error", async () => {
    expect(discover(root, "gpu")).toEqual({});
  });

  test("the whole extractor succeeds through the CLI without --allow-fail", async () => {
    const r = await runInProcess(["extract", "--root", root, "--name", "system"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout).results.system.sections;
    expect(s.memory.memtotal).toBe(/MemTotal:\s*(.+)/.exec(read(root, "proc/meminfo"))![1]!.trim());
    expect(s.os.vendor).toBe("alpine");
    expect(s.arch.arch).toBe("x86_64");
  });
});

describe("errors name the missing path", () => {
  const empty = tempDir("compspec-empty-root-");

  test("each section of an empty root, except gpu, fails naming what it needed", async () => {
    const message = (section: string) => {
      try {
        discover(empty, section);
      } catch (e) {
        expect(e instanceof ExtractError || e instanceof HostError).toBe(true);
        return (e as Error).message;
      }
      throw new Error(`${section} did not fail`);
    };
    expect(message("cpu")).toContain("/sys/devices/system/cpu/online");
    expect(message("cpu")).toContain("/proc/cpuinfo");
    expect(message("processor")).toContain("/proc/cpuinfo");
    expect(message("memory")).toContain("/proc/meminfo");
    expect(message("os")).toContain("/etc/os-release");
    expect(message("arch")).toContain("/proc/sys/kernel/arch");
    expect(discover(empty, "gpu")).toEqual({});
  });

  test("the CLI fails without --allow-fail and warns with it", async () => {
    const bad = await runInProcess(["extract", "--root", empty, "--name", "system[cpu,memory]"]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("/proc/meminfo");
    const ok = await runInProcess(["extract", "--root", empty, "--name", "system[cpu,memory]", "--allow-fail"]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).results.system.sections).toEqual({ cpu: {}, memory: {} });
    expect(ok.stderr).toContain("/proc/cpuinfo");
  });

  test("a malformed CPU list costs only its values: a warning naming the file, the section goes on", async () => {
    const root = writeRoot({ "/sys/devices/system/cpu/online": "0-x\n", "/proc/cpuinfo": "processor\t: 0\n" });
    const warnings: string[] = [];
    const cpu = discoverSection(systemExtractor, "cpu", { host: new DirectoryHost(root), env: {}, warn: (w) => warnings.push(w) });
    expect(cpu).toMatchObject({ cpus: "1", online: "0", "topology.source": "cpuinfo" });
    expect(warnings).toEqual(['/sys/devices/system/cpu/online: bad CPU list element "0-x"; left out']);
    const r = await runInProcess(["extract", "--root", root, "--name", "system[cpu]"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'compspec: warning: system[cpu]: /sys/devices/system/cpu/online: bad CPU list element "0-x"; left out\n',
    );
  });
});

describe("cases written here", () => {
  test("AMD GPU: name and VRAM from amdgpu's sysfs files; Intel only with a display class, named by pci.ids", async () => {
    const dev = "/sys/bus/pci/devices";
    const root = writeRoot({
      [`${dev}/0000:c1:00.0/class`]: "0x038000\n",
      [`${dev}/0000:c1:00.0/vendor`]: "0x1002\n",
      [`${dev}/0000:c1:00.0/device`]: "0x740c\n",
      [`${dev}/0000:c1:00.0/numa_node`]: "3\n",
      [`${dev}/0000:c1:00.0/product_name`]: "AMD Instinct MI250X\n",
      [`${dev}/0000:c1:00.0/mem_info_vram_total`]: "68702699520\n",
      [`${dev}/0000:c1:00.0/driver`]: { link: "../../../bus/pci/drivers/amdgpu" },
      [`${dev}/0000:00:02.0/class`]: "0x030000\n",
      [`${dev}/0000:00:02.0/vendor`]: "0x8086\n",
      [`${dev}/0000:00:02.0/device`]: "0x9a49\n",
      [`${dev}/0000:00:1f.0/class`]: "0x060100\n",
      [`${dev}/0000:00:1f.0/vendor`]: "0x8086\n",
    });
    expect(discover(root, "gpu")).toEqual({
      count: "2",
      "0.vendor": "Intel",
      "0.vendor_id": "0x8086",
      "0.device_id": "0x9a49",
      "0.model": "TigerLake-LP GT2 [Iris Xe Graphics]",
      "0.pci": "0000:00:02.0",
      "0.numa_node": "-1",
      "1.vendor": "AMD",
      "1.vendor_id": "0x1002",
      "1.device_id": "0x740c",
      "1.model": "AMD Instinct MI250X",
      "1.pci": "0000:c1:00.0",
      "1.numa_node": "3",
      "1.memory": "68702699520",
      "1.driver": "amdgpu",
    });
  });

  test("Intel hybrid: types from cpu_core/cpu_atom; offline CPUs from cpuN/online when there is no online list", async () => {
    const files: Record<string, string> = {
      "/sys/devices/system/cpu/present": "0-5\n",
      "/sys/devices/cpu_core/cpus": "0-3\n",
      "/sys/devices/cpu_atom/cpus": "4-5\n",
      "/sys/devices/system/cpu/cpu5/online": "0\n",
    };
    let cpuinfo = "";
    for (let c = 0; c <= 5; c++) {
      const core = c < 4 ? c >> 1 : c - 2; // P-cores 0,1 with two threads each; E-cores 2,3
      const t = `/sys/devices/system/cpu/cpu${c}/topology`;
      files[`${t}/physical_package_id`] = "0\n";
      files[`${t}/core_id`] = `${core * 4}\n`;
      files[`${t}/thread_siblings_list`] = c < 4 ? `${c & ~1}-${c | 1}\n` : `${c}\n`;
      files[`${t}/core_siblings_list`] = "0-5\n";
      if (c < 5) {
        cpuinfo += `processor\t: ${c}\nvendor_id\t: GenuineIntel\nmodel name\t: 12th Gen Intel(R) Core(TM) i7-1260P\nflags\t\t: fpu lm\n\n`;
      }
    }
    files["/proc/cpuinfo"] = cpuinfo;
    const root = writeRoot(files);
    const cpu = discover(root, "cpu");
    expect(cpu).toMatchObject({
      cpus: "5",
      online: "0-4",
      offline: "5",
      cores: "3",
      types: "2",
      "type.0.model": "intel_core",
      "type.0.cpus": "0-3",
      "type.0.cores": "2",
      "type.0.threads_per_core": "2",
      "type.1.model": "intel_atom",
      "type.1.cpus": "4",
      "type.1.cores": "1",
      "type.1.threads_per_core": "1",
    });
    const proc = discover(root, "processor");
    expect(Object.keys(proc).filter((k) => k.endsWith(".raw.processor")).sort()).toEqual(["0.raw.processor", "4.raw.processor"]);
  });

  test("cpu: sysfs alone is enough; malformed cpuinfo only costs the identity keys (processor still fails naming it)", async () => {
    const root = writeRoot({
      "/sys/devices/system/cpu/online": "0\n",
      "/sys/devices/system/cpu/cpu0/topology/core_id": "0\n",
      "/sys/devices/system/cpu/cpu0/topology/physical_package_id": "0\n",
      "/proc/cpuinfo": "no colon here\n",
    });
    const cpu = discover(root, "cpu");
    expect(cpu).toMatchObject({ cpus: "1", cores: "1", sockets: "1", "topology.source": "sysfs" });
    expect(cpu["vendor"]).toBeUndefined();
    expect(() => discover(root, "processor")).toThrow("/proc/cpuinfo");
  });

  test("arch: /proc/sys/kernel/arch wins over the cpuinfo inference", async () => {
    const root = writeRoot({ "/proc/sys/kernel/arch": "ppc64le\n", "/proc/cpuinfo": "processor\t: 0\ncpu\t\t: POWER7\n" });
    expect(discover(root, "arch")).toMatchObject({ arch: "ppc64le", name: "ppc64le" });
  });

  test("a 256-CPU node's file stays small (one processor entry per CPU type, topology in one line)", async () => {
    const files: Record<string, string> = {
      "/sys/devices/system/cpu/online": "0-255\n",
      "/proc/meminfo": read(path.join(MACHINES, "gpu-node"), "proc/meminfo"),
    };
    const flags = /^flags\s*:\s*(.+)$/m.exec(read(path.join(MACHINES, "gpu-node"), "proc/cpuinfo"))![1];
    let cpuinfo = "";
    for (let c = 0; c < 256; c++) {
      const pkg = (c >> 6) & 1, core = c & 63, sib = [core + pkg * 64, core + pkg * 64 + 128];
      const t = `/sys/devices/system/cpu/cpu${c}/topology`;
      files[`${t}/physical_package_id`] = `${pkg}\n`;
      files[`${t}/core_id`] = `${core}\n`;
      files[`${t}/thread_siblings_list`] = `${sib.join(",")}\n`;
      files[`${t}/core_siblings_list`] = pkg === 0 ? "0-63,128-191\n" : "64-127,192-255\n";
      cpuinfo += `processor\t: ${c}\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC 9534 64-Core Processor\n` +
        `physical id\t: ${pkg}\ncore id\t\t: ${core}\nflags\t\t: ${flags}\nbogomips\t: 4892.00\n\n`;
    }
    files["/proc/cpuinfo"] = cpuinfo;
    const root = writeRoot(files);
    const r = await runInProcess(["extract", "--root", root, "--name", "system[cpu,processor,arch,memory]"]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout).results.system.sections;
    expect(s.cpu.cpus).toBe("256");
    expect(s.cpu.cores).toBe("128");
    expect(s.processor.count).toBe("256");
    expect(r.stdout.length).toBeLessThan(40_000); // about 9 kB
    expect(r.stdout.length).toBeLessThan(cpuinfo.length / 10);
  });
});

describe("this machine", () => {
  test("extract --name system works with an empty PATH, and counts the CPUs node:os sees", async () => {
    const r = await runInProcess(["extract", "--name", "system[cpu,processor,arch,memory]"], { env: { PATH: "" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout).results.system.sections;
    expect(Number(s.cpu.cpus)).toBe(os.cpus().length);
    expect(s.arch.arch).toBe(os.machine() === "ppc64" && os.endianness() === "LE" ? "ppc64le" : os.machine());
    expect(s.memory.memtotal).toMatch(/^\d+ kB$/);
    expect(Number(s.processor.count)).toBeGreaterThan(0);
  });
});

/**
 * `describe --format slurm`: the NodeName line is what `slurmd -C` prints. Checked
 * against slurmd itself (Debian's slurmd) for this machine, whole line but the
 * hostname, and for the 22 corpus machines, whose /sys slurmd reads through
 * hwloc's HWLOC_FSROOT (their memory is this machine's to slurmd, so only the
 * CPU fields are compared there). Skipped, with a message, without slurmd.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildNodeFile } from "../../src/cli/extract.ts";
import { describeCluster } from "../../src/describe/groups.ts";
import { summarizeNodeFile } from "../../src/describe/node_summary.ts";
import { describeGres, describeSlurm, nodeNameLine, slurmLines } from "../../src/describe/slurm.ts";
import { openHost } from "../../src/host/open_host.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { corpusNames, tempDir, unpackedRoot } from "../util/fixtures.ts";
import { goFile, host, lessMemory, offline, realFile, summary, withoutGpu } from "./nodes.ts";

const SLURMD = spawnSync("sh", ["-c", "command -v slurmd"], { encoding: "utf8" }).stdout.trim();

describe("Slurm node lines", () => {
  test("one line per distinct line, RealMemory the smallest MiB of its nodes, Gres and Features; gres.conf apart", async () => {
    const nodes = [
      ...Array.from({ length: 8 }, (_, i) => summary(realFile(host(i + 1), lessMemory(i * 1024)))),
      summary(realFile(host(9), withoutGpu(3))),
    ];
    const text = describeSlurm(describeCluster(nodes));
    const lines = text.split("\n");
    expect(lines).toContain("GresTypes=gpu");
    // The Flux property names of these nodes (archspec target and ancestors, GPU, OS, MPI).
    const features = "Features=broadwell,cannonlake,cascadelake,core2,h100,haswell,icelake,ivybridge,nehalem,nocona,nvidia,openmpi," +
      "rocky9.3,sandybridge,sapphirerapids,skylake,skylake_avx512,westmere,x86_64,x86_64_v2,x86_64_v3,x86_64_v4";
    expect(lines).toContain(
      "NodeName=gpu[001-008] CPUs=128 Boards=1 SocketsPerBoard=2 CoresPerSocket=32 ThreadsPerCore=2 RealMemory=515559 " +
        `Gres=gpu:nvidia_h100_sxm5_80gb:4 ${features}`,
    );
    expect(lines).toContain(
      `NodeName=gpu009 CPUs=128 Boards=1 SocketsPerBoard=2 CoresPerSocket=32 ThreadsPerCore=2 RealMemory=515566 Gres=gpu:nvidia_h100_sxm5_80gb:3 ${features}`,
    );
    // gres.conf lines are not slurm.conf lines: slurmctld refuses "Name=" in slurm.conf.
    expect(text).not.toContain(" Name=gpu");
    const gres = describeGres(describeCluster(nodes)).split("\n");
    expect(gres).toContain("NodeName=gpu[001-008] Name=gpu Type=nvidia_h100_sxm5_80gb File=/dev/nvidia[0-3]");
    expect(gres).toContain("NodeName=gpu009 Name=gpu Type=nvidia_h100_sxm5_80gb File=/dev/nvidia[0-2]");
    expect(gres.filter((l) => l.startsWith("NodeName="))).toHaveLength(2);
    // 515566 MiB = floor(527939852 KiB / 1024); gpu008 has 7 MiB less.
    expect(Math.floor(527939852 / 1024)).toBe(515566);
  });

  test("groups that differ in what Slurm does not see (MPI version) share a line; in a Feature (MPI flavour), not", async () => {
    const a = realFile("n1");
    const b = realFile("n2");
    b.results.library!.sections.mpi = { ...b.results.library!.sections.mpi, version: "9.9.9" };
    const same = slurmLines(describeCluster([summary(a), summary(b)]));
    expect(same).toHaveLength(1);
    expect(nodeNameLine(same[0]!)).toStartWith("NodeName=n[1-2] CPUs=128 ");
    b.results.library!.sections.mpi = { variant: "mpich", version: "4.2.0" };
    const lines = slurmLines(describeCluster([summary(a), summary(b)]));
    expect(lines.map((l) => [l.hostnames.join(), l.features.filter((f) => /mpi/.test(f)).join()])).toEqual([["n1", "openmpi"], ["n2", "mpich"]]);
  });

  test("NodeName is the short host name, as slurmd -C gives it, also for fully qualified node files", async () => {
    const lines = slurmLines(describeCluster([summary(realFile("gpu001.cluster.example.org")), summary(realFile("gpu002.cluster.example.org"))]));
    expect(nodeNameLine(lines[0]!)).toStartWith("NodeName=gpu[001-002] CPUs=128 ");
  });

  test("an uneven node gets slurmd's rounded-down numbers and a note", async () => {
    const text = describeSlurm(describeCluster([summary(realFile("n1", offline(17, 81)))]));
    expect(text).toContain("# n1: uneven layout (2 sockets (31+32 cores), 63 cores, 126 PUs): rounded down as slurmd -C does\n");
    expect(text).toContain("NodeName=n1 CPUs=126 Boards=1 SocketsPerBoard=2 CoresPerSocket=31 ThreadsPerCore=2 ");
  });

  test("compspec-go files: the CPU count, with a note; no GPUs, no Gres", async () => {
    const text = describeSlurm(describeCluster([summary(goFile(), "node-1")]));
    expect(text).toContain("# node-1: node files give the CPU count only (compspec-go): one thread per core assumed\n");
    expect(text).toContain("NodeName=node-1 CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=");
    expect(text).not.toContain("Gres");
    expect(text).not.toContain("\n\n");
  });

  test("memory unknown: RealMemory left out (Slurm's default), never invented", async () => {
    const f = realFile("n1");
    delete f.results.system!.sections.memory;
    expect(describeSlurm(describeCluster([summary(f)]))).toContain("ThreadsPerCore=2 Gres=");
  });
});

const overlays: string[] = [];
afterAll(() => {
  for (const d of overlays) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * `root` with proc/hwloc-nofile-info naming its architecture (what hwloc-gather-topology saves),
 * as links to the dump plus that file: without it hwloc applies no architecture's rules.
 */
function withArchitecture(root: string, arch: string): string {
  const overlay = tempDir("compspec-slurm-overlay-");
  overlays.push(overlay);
  for (const e of fs.readdirSync(root)) if (e !== "proc") fs.symlinkSync(path.join(root, e), path.join(overlay, e));
  fs.mkdirSync(path.join(overlay, "proc"));
  for (const e of fs.readdirSync(path.join(root, "proc"))) fs.symlinkSync(path.join(root, "proc", e), path.join(overlay, "proc", e));
  fs.writeFileSync(path.join(overlay, "proc/hwloc-nofile-info"), `Architecture: ${arch}\n`);
  return overlay;
}

/** The fields of slurmd -C's NodeName line. */
function slurmdFields(out: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of out.matchAll(/\b(NodeName|CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=(\S+)/g)) fields[m[1]!] = m[2]!;
  return fields;
}

if (!SLURMD) console.log("slurm_test: SKIP comparison with slurmd -C: slurmd not installed (apt-get install slurmd)");

describe.skipIf(!SLURMD)("the same line as slurmd -C", () => {
  test("this machine: the whole line but the hostname", async () => {
    const r = spawnSync(SLURMD, ["-C"], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(0);
    const theirs = r.stdout.split("\n")[0]!;
    const ours = await runInProcess(["describe", "--format", "slurm"]);
    expect(ours.status).toBe(0);
    const line = ours.stdout.split("\n").find((l) => l.startsWith("NodeName="))!;
    // Features= is ours (Flux's property names); NodeName is slurmd's short host name.
    expect(line.replace(/ Features=\S+$/, "")).toBe(theirs);
  });

  for (const name of corpusNames()) {
    test(`corpus ${name}: CPUs, sockets, cores per socket, threads per core`, async () => {
      const root = unpackedRoot(name);
      const { file } = buildNodeFile(await openHost(root), { names: ["system[cpu,memory]"], allowFail: true });
      // Where compspec applies hwloc's x86 rules (AMD compute units: each thread a core), slurmd's hwloc
      // must know the dump is x86 to apply them too, as it would on the machine.
      const x86Rules = file.results.system?.sections.cpu?.compute_units !== undefined;
      const fsroot = x86Rules ? withArchitecture(root, "x86_64") : root;
      const env = { ...process.env, HWLOC_FSROOT: fsroot, HWLOC_COMPONENTS: "linux,-x86" };
      const r = spawnSync(SLURMD, ["-C"], { encoding: "utf8", env, timeout: 30_000 });
      const theirs = slurmdFields(r.stdout + r.stderr);
      const line = slurmLines(describeCluster([summarizeNodeFile(file, name)]))[0]!;
      expect({
        CPUs: String(line.cpus),
        // hwloc groups some machines' packages under Group objects, which slurmd counts as boards
        // (POWER7 64-CPU: 2 × 8); a node file has no such level: compare the sockets in all.
        Sockets: String(line.boards * line.socketsPerBoard),
        CoresPerSocket: String(line.coresPerSocket),
        ThreadsPerCore: String(line.threadsPerCore),
      }).toEqual({
        CPUs: theirs.CPUs!,
        Sockets: String(Number(theirs.Boards) * Number(theirs.SocketsPerBoard)),
        CoresPerSocket: theirs.CoresPerSocket!,
        ThreadsPerCore: theirs.ThreadsPerCore!,
      });
    });
  }
});

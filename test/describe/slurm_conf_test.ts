/**
 * `describe --format slurm` and `--format gres` as files Slurm reads: slurmd
 * itself (Debian's slurmd, `slurmd -G -f FILE`, which parses slurm.conf and the
 * gres.conf beside it, prints the GRES it finds and exits) accepts them, names
 * fully qualified nodes included. Skipped, with a message, without slurmd.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeCluster } from "../../src/describe/groups.ts";
import { describeGres, describeSlurm } from "../../src/describe/slurm.ts";
import { tempDir } from "../util/fixtures.ts";
import { goFile, realFile, summary, withoutGpu } from "./nodes.ts";

const SLURMD = spawnSync("sh", ["-c", "command -v slurmd"], { encoding: "utf8" }).stdout.trim();
if (!SLURMD) console.log("slurm_conf_test: SKIP slurmd's configuration check: slurmd not installed (apt-get install slurmd)");

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** slurmd -G over slurm.conf = a minimal header + `nodes`, and gres.conf = `gres`, as node `name`. */
function slurmdCheck(nodes: string, gres: string, name: string, timeout = 15_000) {
  const dir = tempDir("compspec-slurmconf-");
  dirs.push(dir);
  const conf = path.join(dir, "slurm.conf");
  fs.writeFileSync(conf, `ClusterName=test\nSlurmctldHost=${name}\n${nodes}PartitionName=all Nodes=ALL Default=YES\n`);
  fs.writeFileSync(path.join(dir, "gres.conf"), gres);
  return spawnSync(SLURMD, ["-G", "-N", name, "-f", conf], { encoding: "utf8", timeout });
}

describe.skipIf(!SLURMD)("slurmd reads the files describe writes", () => {
  const cluster = describeCluster([
    summary(realFile("gpu001.cluster.example.org")),
    summary(realFile("gpu002.cluster.example.org", withoutGpu(2))),
    summary(goFile(), "cpu001"),
  ]);

  test("slurm.conf lines with Gres= and Features=, gres.conf apart: parsed", () => {
    // slurmd goes on to wait for the NVIDIA device files gres.conf names, which this machine lacks
    // (stopped after 3 s): that comes after both files were parsed.
    const r = slurmdCheck(describeSlurm(cluster), describeGres(cluster), "gpu002", 3_000);
    expect(r.stderr).not.toContain("Parse error");
    if (r.status !== 0) expect(r.stderr).toContain("gres.conf file /dev/nvidia0");
    const cpuOnly = slurmdCheck(describeSlurm(cluster), describeGres(cluster), "cpu001");
    expect(cpuOnly.stderr).toBe("");
    expect(cpuOnly.status).toBe(0);
  }, 30_000);

  test("what --format slurm printed before (gres.conf lines among slurm.conf lines) is refused", () => {
    const r = slurmdCheck(describeSlurm(cluster) + describeGres(cluster), "", "cpu001");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Parsing error at unrecognized key: Name");
  });
});

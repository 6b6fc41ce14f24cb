/**
 * Registry benchmarks (issue 10), compiled binary against Debian's
 * docker-registry 2.8 on 127.0.0.1:
 *
 *  - finding and fetching an image's artifact (`artifact pull`, the path
 *    `check --image` takes before evaluating), process start included; peers in
 *    the same run: `skopeo inspect --raw` of the image (one manifest GET) and
 *    `curl` of the same manifest;
 *  - `check --image` (issue 10's target: < 150 ms median, process start
 *    included) on a node file: an NFD artifact attached by `artifact push`
 *    (tag-schema index) and an attribute artifact under its sibling tag; peer:
 *    `check --artifact` of the same file on the same node file;
 *  - `match` over compspec-go's 18-image manifest (experiment-lammps) with a
 *    warm `--cache`, measured after the registry is stopped: nothing listens at
 *    the manifest's host, so a run that touched the network would fail; the
 *    cold run (registry up, no cache) is measured first for comparison.
 *
 *   bun bench/registry.ts            (needs dist/compspec: npm run build)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { nodeFileFromNfdJson, type NfdJson } from "../test/compat/nfd_node_file.ts";
import { pushImage, pushImageWithForeignArtifact, startRegistry } from "../test/registry/registry_server.ts";
import { available, type Contender, machineLine, measure, table } from "./lib.ts";

const repo = path.resolve(import.meta.dir, "..");
const bin = path.join(repo, "dist", "compspec");
if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "compspec-bench-registry-"));
const env = { DOCKER_CONFIG: work, NO_COLOR: "1" };

function run(args: string[]): string {
  const r = spawnSync(bin, args, { encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`compspec ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

/** A compspec-go-style attribute artifact for one of experiment-lammps' tags (e.g. `openmpi-ubuntu-gpu-22.04-arm64`). */
function attributesFor(tag: string): string {
  const mpi = tag.startsWith("openmpi") ? "OpenMPI" : tag.startsWith("mpich") ? "mpich" : "intel-mpi";
  const vendor = tag.includes("rocky") ? "rocky" : "ubuntu";
  const version = /(\d+(?:\.\d+)?)-(?:amd64|arm64)$/.exec(tag)![1]!;
  return JSON.stringify({
    version: "0.0.0",
    kind: "CompatibilitySpec",
    metadata: {
      name: "lammps-prototype",
      schemas: {
        "io.archspec": "https://raw.githubusercontent.com/supercontainers/compspec/main/archspec/compspec.json",
        "org.supercontainers": "https://raw.githubusercontent.com/supercontainers/compspec/main/supercontainers/compspec.json",
      },
    },
    compatibilities: [
      { name: "org.supercontainers", version: "0.0.0", attributes: { "hardware.gpu.available": tag.includes("gpu") ? "yes" : "no", "mpi.implementation": mpi, "os.vendor": vendor, "os.version": version } },
      { name: "io.archspec", version: "0.0.0", attributes: { "cpu.target": tag.endsWith("arm64") ? "arm64" : "amd64" } },
    ],
  }, null, 2);
}

const reg = await startRegistry();
const sections: string[] = [
  "# registry benchmark",
  "",
  `Machine: ${machineLine()}. Compiled binary; Debian docker-registry 2.8 on 127.0.0.1 (filesystem storage);`,
  "median wall time from `hyperfine -N` (process start included), median peak RSS from GNU time.",
  "",
];
try {
  // 1. artifact lookup against a loopback registry (referrers via the tag-schema index, as on Distribution 2.8).
  pushImageWithForeignArtifact(reg, "bench/app", "v1");
  const image = `${reg.host}/bench/app:v1`;
  run(["artifact", "pull", "--plain-http", "--image", image]);
  const lookup: Contender[] = [
    { label: "compspec artifact pull (referrer, tag-schema index)", argv: [bin, "artifact", "pull", "--plain-http", "--image", image], env },
    { label: "skopeo inspect --raw (image manifest only)", argv: ["skopeo", "inspect", "--raw", "--tls-verify=false", `docker://${image}`] },
  ];
  if (available("curl")) {
    lookup.push({
      label: "curl (image manifest only)",
      argv: ["curl", "-sf", "-H", "Accept: application/vnd.oci.image.manifest.v1+json", `http://${reg.host}/v2/bench/app/manifests/v1`],
    });
  }
  const ms1 = measure(lookup, 20, 3);
  sections.push("## Artifact lookup (the fetch `check --image` does)", "", "Target: < 150 ms median including process start.", "", table(ms1, lookup[1]!.label), "");
  console.log(sections.slice(-6).join("\n"));

  // 2. check --image: the lookup above, then check exactly as with --artifact FILE.
  const nfdSpec = path.join(repo, "fixtures/compat/nfd/examples/ex2-avx512-or-avx2.yaml");
  const nfdNode = path.join(work, "debian.json");
  const example = JSON.parse(fs.readFileSync(path.join(repo, "fixtures/compat/nfd/examples/node-x86-debian.json"), "utf8")) as NfdJson;
  fs.writeFileSync(nfdNode, JSON.stringify(nodeFileFromNfdJson(example, "debian")));
  pushImage(reg, "bench/check", "v1");
  run(["artifact", "push", "--plain-http", "--artifact", nfdSpec, "--image", `${reg.host}/bench/check:v1`]);
  const attrSpec = path.join(work, "gpu-rocky.json");
  fs.writeFileSync(attrSpec, JSON.stringify({
    version: "0.0.0",
    kind: "CompatibilitySpec",
    compatibilities: [{ name: "org.supercontainers", version: "0.0.0", attributes: { "hardware.gpu.available": "yes", "os.vendor": "rocky" } }],
  }));
  const attrNode = path.join(repo, "fixtures/nodes/realistic/gpu17.json");
  pushImage(reg, "bench/attr", "v1"); // another repository: in bench/check the NFD referrer of the same image digest would win
  run(["artifact", "push", "--plain-http", "--artifact", attrSpec, "--image", `${reg.host}/bench/attr:v1`]);
  // Both pass on their node (exit 0), so every run is a whole evaluation.
  const checks: Contender[] = [
    { label: "compspec check --image (NFD referrer, tag-schema index) --node-file", argv: [bin, "check", "--plain-http", "--image", `${reg.host}/bench/check:v1`, "--node-file", nfdNode], env },
    { label: "compspec check --artifact FILE (the same NFD artifact) --node-file", argv: [bin, "check", "--artifact", nfdSpec, "--node-file", nfdNode], env },
    { label: "compspec check --image (attribute artifact, sibling tag) --node-file", argv: [bin, "check", "--plain-http", "--image", `${reg.host}/bench/attr:v1`, "--node-file", attrNode], env },
    { label: "compspec check --artifact FILE (the same attribute artifact) --node-file", argv: [bin, "check", "--artifact", attrSpec, "--node-file", attrNode], env },
  ];
  const msCheck = measure(checks, 20, 3);
  sections.push("## check --image", "", "Target: < 150 ms median including process start.", "", table(msCheck, checks[1]!.label), "");
  console.log(sections.slice(-6).join("\n"));

  // 3. match over compspec-go's 18-image manifest.
  const manifestText = fs.readFileSync(path.join(repo, "fixtures/registry/experiment-lammps-manifests.yaml"), "utf8")
    .replaceAll("ghcr.io/", `${reg.host}/`);
  const manifest = path.join(work, "manifest.yaml");
  fs.writeFileSync(manifest, manifestText);
  const tags = [...manifestText.matchAll(/name: \S+:(\S+)/g)].map((m) => m[1]!);
  for (const tag of tags) {
    pushImage(reg, "rse-ops/lammps-matrix", tag);
    const file = path.join(work, `${tag}.json`);
    fs.writeFileSync(file, attributesFor(tag));
    run(["artifact", "push", "--plain-http", "--image", `${reg.host}/rse-ops/lammps-matrix:${tag}`, "--artifact", file]);
  }
  const criteria = ["-m", "org.supercontainers.hardware.gpu.available=yes", "-m", "io.archspec.cpu.target=amd64"];
  const cold: Contender[] = [
    { label: `compspec match, ${tags.length} images, no cache (registry up)`, argv: [bin, "match", "--plain-http", "--in", manifest, ...criteria], env },
  ];
  const msCold = measure(cold, 10, 2);
  const cache = path.join(work, "cache");
  fs.mkdirSync(cache);
  run(["match", "--plain-http", "--in", manifest, "--cache", cache, ...criteria]);
  await reg.stop();
  // Nothing listens at the manifest's host any more: a run that needed the network would fail here.
  const answer = run(["match", "--plain-http", "--in", manifest, "--cache", cache, ...criteria]);
  const warm: Contender[] = [
    { label: `compspec match, ${tags.length} images, warm --cache (registry stopped)`, argv: [bin, "match", "--plain-http", "--in", manifest, "--cache", cache, ...criteria], env },
    { label: "cat of the cached artifacts", argv: ["sh", "-c", `cat ${cache}/*.json > /dev/null`] },
  ];
  const msWarm = measure(warm, 20, 3);
  sections.push(
    `## match over compspec-go's ${tags.length}-image manifest`,
    "",
    `Criteria: \`${criteria.filter((c) => c !== "-m").join("` `")}\` → ${answer.trim().split("\n").length - 1} images. The warm runs are measured with the registry stopped.`,
    "",
    table([...msCold, ...msWarm], warm[1]!.label),
    "",
  );
} finally {
  await reg.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
const report = sections.join("\n");
fs.mkdirSync(path.join(repo, "bench/results"), { recursive: true });
fs.writeFileSync(path.join(repo, "bench/results/registry.md"), report);
console.log(report);

/**
 * The one overwrite policy (#22 §5), over every command that writes a file:
 * an existing file is refused without --force (exit 1, the file unchanged,
 * nothing else written), replaced with --force; a FIFO is written without
 * --force. The same for the files written into an `--out DIR/` folder.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMANDS } from "../../src/cli/commands.ts";
import { FORCE_OPTION } from "../../src/cli/force_option.ts";
import { writeArtifactLayout } from "../registry/registry_server.ts";
import { runInProcess } from "./run_in_process.ts";
import { FIXTURES, tempDir } from "../util/fixtures.ts";

const work = tempDir("compspec-overwrite-");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const RED = path.join(FIXTURES, "nodes/rainbow-red");
const REQUEST = path.join(FIXTURES, "compat", "compspec-go", "lammps-experiment.yaml");
const ROOT = path.join(FIXTURES, "compat", "roots", "lammps-build");
// The same root with a hostname, so snapshot can name DIR/<hostname>.snapshot.json.gz.
const NAMED_ROOT = path.join(work, "named-root");
fs.cpSync(ROOT, NAMED_ROOT, { recursive: true });
fs.writeFileSync(path.join(NAMED_ROOT, "etc", "hostname"), "node7\n");
const LAYOUT = path.join(work, "layout");
writeArtifactLayout(LAYOUT, "v1");
const JOB_ARTIFACT = path.join(work, "debian.json");
fs.writeFileSync(JOB_ARTIFACT, JSON.stringify({
  version: "v1alpha1",
  compatibilities: [{ rules: [{ name: "os", matchFeatures: [{ feature: "system.osrelease", matchExpressions: { ID: { op: "In", value: ["debian"] } } }] }] }],
}));
const NO_CONFIG = { DOCKER_CONFIG: path.join(work, "no-docker-config") };

/** A writing command: its arguments for output `out`; for a folder case, the file it writes there. */
interface Case {
  name: string;
  args: (out: string) => string[];
  inFolder?: string;
}

const CASES: Case[] = [
  { name: "extract --out FILE", args: (o) => ["extract", "--root", ROOT, "--name", "system[arch]", "--out", o] },
  { name: "extract --out DIR/", args: (o) => ["extract", "--root", ROOT, "--name", "system[arch]", "--hostname", "node1", "--out", o], inFolder: "node1.json" },
  { name: "snapshot --out FILE", args: (o) => ["snapshot", "--root", ROOT, "--allow-fail", "--out", o] },
  { name: "snapshot --out DIR/", args: (o) => ["snapshot", "--root", NAMED_ROOT, "--allow-fail", "--out", o], inFolder: "node7.snapshot.json.gz" },
  { name: "create artifact", args: (o) => ["create", "artifact", "-i", REQUEST, "--root", ROOT, "-a", "custom.gpu.available=yes", "-o", o] },
  { name: "describe", args: (o) => ["describe", "--node-dir", RED, "-o", o] },
  { name: "artifact pull", args: (o) => ["artifact", "pull", "--image", `oci-layout:${LAYOUT}:v1`, "-o", o] },
  { name: "create nodes --out", args: (o) => ["create", "nodes", "--cluster-name", "red", "--node-dir", RED, "--out", o] },
  { name: "create nodes --nodes-output", args: (o) => ["create", "nodes", "--cluster-name", "red", "--node-dir", RED, "--nodes-output", o] },
  { name: "create state", args: (o) => ["create", "state", "--node-dir", RED, "--out", o] },
  { name: "create subsystem --subsystem", args: (o) => ["create", "subsystem", "--cluster-name", "red", "--node-dir", RED, "--subsystem", "compat-os", "-o", o] },
  { name: "create subsystem --out DIR/", args: (o) => ["create", "subsystem", "--cluster-name", "red", "--node-dir", RED, "--out", o], inFolder: "compat-os.json" },
  { name: "create jobspec", args: (o) => ["create", "jobspec", "--artifact", JOB_ARTIFACT, "--command", "ior", "-o", o] },
];

const OLD = "the old file\n";
let made = 0;
const scratch = () => {
  const d = path.join(work, `case-${made++}`);
  fs.mkdirSync(d);
  return d;
};
const run = (args: string[]) => runInProcess(args, { env: NO_CONFIG });

describe("an existing output file is replaced only with --force", () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const d = scratch();
      const out = c.inFolder === undefined ? path.join(d, "out") : `${d}/`;
      const file = c.inFolder === undefined ? out : path.join(d, c.inFolder);
      fs.writeFileSync(file, OLD);
      const before = fs.readdirSync(d).sort();

      const refused = await run(c.args(out));
      expect(refused.stderr).toContain(`${file} already exists (use --force to replace it)`);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe("");
      expect(fs.readFileSync(file, "utf8")).toBe(OLD);
      expect(fs.readdirSync(d).sort()).toEqual(before); // no temporary file, no other file

      const forced = await run([...c.args(out), "--force"]);
      expect(forced.stderr).not.toContain("error");
      expect(forced.status).toBe(0);
      expect(fs.readFileSync(file, "utf8")).not.toBe(OLD);
      expect(fs.statSync(file).size).toBeGreaterThan(0);
    });
  }
});

const hasMkfifo = spawnSync("sh", ["-c", "command -v mkfifo"]).status === 0;

describe("a FIFO is written in place without --force", () => {
  for (const c of CASES.filter((c) => c.inFolder === undefined)) {
    test.skipIf(!hasMkfifo)(c.name, async () => {
      const d = scratch();
      const fifo = path.join(d, "pipe");
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      const sink = path.join(d, "sink");
      // Another process reads, so an output larger than the pipe's buffer cannot block the writer.
      const reader = spawn("sh", ["-c", 'cat "$0" > "$1"', fifo, sink]);
      const drained = new Promise<number | null>((resolve) => reader.on("close", resolve));
      const r = await run(c.args(fifo));
      expect(r.stderr).not.toContain("error");
      expect(r.status).toBe(0);
      expect(await drained).toBe(0);
      expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
      expect(fs.statSync(sink).size).toBeGreaterThan(0);
    });
  }
});

describe("every writing command offers the one --force", () => {
  for (const { name } of COMMANDS) {
    test(name, async () => {
      const help = (await run([...name.split(" "), "--help"])).stdout;
      // A command that writes a file has the option --out; then --force, with the shared help text and no short form.
      if (!/^ {2}(?:-o, | {4})--out /m.test(help)) return;
      expect(help).toMatch(new RegExp(`\\n {6}--force +${FORCE_OPTION.force.help[0].replace(/[()]/g, "\\$&")}\\n`));
      expect(help).toContain("[--force]");
    });
  }
});

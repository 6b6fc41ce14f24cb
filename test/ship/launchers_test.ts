/**
 * The Flux, Slurm, pdsh and clush recipes in docs/deploy.md, run as written
 * (taken from the document itself) with FAKE launchers (test/ship/fake_launcher.ts):
 * one local process per "node", each with its own hostname in its own UTS
 * namespace, all writing into one shared folder; then the recipe's `create nodes`.
 *
 * What this proves: the command lines have the shape the launchers' options
 * take, every node's file lands under its hostname, and `create nodes` builds
 * the graph from the folder. What it does not: that real srun/flux/pdsh/clush
 * (not installed here) behave like the fakes.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO, tempDir } from "../util/fixtures.ts";
import { ensureBinary } from "../util/binary.ts";
import { expandHostlist, parseLauncher } from "./fake_launcher.ts";

const NODES = 6;
const DOC = fs.readFileSync(path.join(REPO, "docs", "deploy.md"), "utf8");

/** Lines of the ```sh blocks in docs/deploy.md. */
function shellLines(): string[] {
  return [...DOC.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n")).map((l) => l.trim());
}

const LAUNCHERS = ["flux run ", "flux exec ", "srun ", "pdsh ", "clush "];
/** Launcher lines that run compspec (the document also shows `flux run` lines for jobs). */
const recipes = shellLines().filter((l) => LAUNCHERS.some((p) => l.startsWith(p)) && l.includes("/shared/bin/compspec "));
/** The instance size, as the shell would put it into a recipe: 64 for the shape check. */
const INSTANCE_SIZE = "$(flux getattr size)";
const createLines = shellLines().filter((l) => l.startsWith("/shared/bin/compspec create nodes "));

/** A recipe line scaled down to NODES nodes and pointed at `shared` instead of /shared. */
function localise(line: string, shared: string): string {
  return line
    .replaceAll("/shared/", `${shared}/`)
    .replace(/-N \d+/, `-N ${NODES}`)
    .replace(/\[01-\d+\]/, `[01-${String(NODES).padStart(2, "0")}]`);
}

describe("docs/deploy.md recipes", () => {
  test("has a recipe for each of flux, srun, pdsh and clush, and a create nodes line", () => {
    for (const p of LAUNCHERS) expect(recipes.some((r) => r.startsWith(p) && r.includes(" extract "))).toBe(true);
    expect(createLines.length).toBeGreaterThan(0);
  });

  test("the fake launchers understand the recipes' options (and the host list syntax)", () => {
    expect(expandHostlist("node[01-03,7],login1")).toEqual(["node01", "node02", "node03", "node7", "login1"]);
    for (const line of recipes) {
      const argv = line.replaceAll("'", "").replaceAll(INSTANCE_SIZE, "64").split(/\s+/);
      const tool = argv[0]!;
      const { nodes, command } = parseLauncher(tool, argv.slice(1));
      expect(nodes.length).toBe(64);
      expect(command[0]).toBe("/shared/bin/compspec");
    }
  });
});

const canUts = process.getuid?.() === 0 && spawnSync("unshare", ["--uts", "true"]).status === 0;
if (!canUts) {
  console.log("launchers_test: SKIP running the recipes: needs root and `unshare --uts` (one hostname per fake node)");
  describe("recipes run with fake launchers", () => {
    test.skip("skipped: needs root and unshare --uts", () => {});
  });
} else {
  describe("recipes run with fake launchers", () => {
    const work = tempDir("compspec-launch-");
    const shared = path.join(work, "shared");
    const fakebin = path.join(work, "fakebin");
    afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

    function setUp(): void {
      if (fs.existsSync(fakebin)) return;
      fs.mkdirSync(path.join(shared, "bin"), { recursive: true });
      fs.copyFileSync(ensureBinary(), path.join(shared, "bin", "compspec"));
      fs.chmodSync(path.join(shared, "bin", "compspec"), 0o755);
      fs.mkdirSync(fakebin);
      for (const tool of ["srun", "flux", "pdsh", "clush"]) {
        const wrapper = path.join(fakebin, tool);
        fs.writeFileSync(
          wrapper,
          `#!/bin/sh\nexec '${process.execPath}' '${path.join(import.meta.dir, "fake_launcher.ts")}' ${tool} "$@"\n`,
        );
        fs.chmodSync(wrapper, 0o755);
      }
    }

    function sh(line: string): { status: number | null; stderr: string } {
      const r = spawnSync("sh", ["-c", line], {
        cwd: work,
        encoding: "utf8",
        env: { ...process.env, PATH: `${fakebin}:${process.env.PATH}`, NO_COLOR: "1", FAKE_FLUX_SIZE: String(NODES) },
      });
      return { status: r.status, stderr: r.stderr };
    }

    const names = Array.from({ length: NODES }, (_, i) => `node${String(i + 1).padStart(2, "0")}`);

    for (const recipe of recipes) {
      test(recipe, () => {
        setUp();
        const isSnapshot = recipe.includes(" snapshot ");
        const folder = path.join(shared, isSnapshot ? "snapshots" : "cluster");
        fs.rmSync(folder, { recursive: true, force: true });
        fs.mkdirSync(folder, { recursive: true });
        const r = sh(localise(recipe, shared));
        expect(r.status, r.stderr).toBe(0);
        if (isSnapshot) {
          expect(fs.readdirSync(folder).sort()).toEqual(names.map((n) => `${n}.snapshot.json.gz`));
          return;
        }
        expect(fs.readdirSync(folder).sort()).toEqual(names.map((n) => `${n}.json`));
        const create = sh(localise(createLines[0]!, shared));
        expect(create.status, create.stderr).toBe(0);
        const output = /--nodes-output (\S+)/.exec(createLines[0]!)![1]!;
        const graph = JSON.parse(fs.readFileSync(path.join(work, output), "utf8")).graph;
        const vertices: { metadata: { type: string; name: string } }[] = Array.isArray(graph.nodes)
          ? graph.nodes
          : Object.values(graph.nodes);
        expect(vertices.filter((v) => v.metadata.type === "node").map((v) => v.metadata.name).sort()).toEqual(names);
        fs.rmSync(path.join(work, output));
      }, 60_000);
    }

    const fluxR = createLines.find((l) => l.includes("--format flux-r"));
    test("the Flux R recipe: R from the folder, ranks in the --ranks-from broker order", () => {
      expect(fluxR).toBeDefined();
      setUp();
      const folder = path.join(shared, "cluster");
      fs.rmSync(folder, { recursive: true, force: true });
      fs.mkdirSync(folder, { recursive: true });
      expect(sh(localise(recipes.find((r) => r.startsWith("flux exec "))!, shared)).status).toBe(0);
      const out = path.join(work, "R.json");
      const line = localise(fluxR!, shared).replace(/--nodes-output \S+/, `--nodes-output ${out}`);
      const r = sh(line);
      expect(r.status, r.stderr).toBe(0);
      const R = JSON.parse(fs.readFileSync(out, "utf8"));
      expect(R.version).toBe(1);
      expect(R.execution.nodelist).toEqual([`node[01-${String(NODES).padStart(2, "0")}]`]);
      const ranks = R.scheduling.graph.nodes.filter((v: { metadata: { type: string } }) => v.metadata.type === "node")
        .map((v: { metadata: { name: string; rank: number } }) => [v.metadata.name, v.metadata.rank]);
      expect(ranks).toEqual(names.map((n, i) => [n, i]));
      fs.rmSync(out);
    }, 60_000);
  });
}

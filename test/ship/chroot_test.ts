/**
 * The compiled binary in a container with nothing else, the way a distroless
 * image runs it: a fresh chroot holding only the binary and the shared libraries
 * `ldd` lists, /proc and /sys bind-mounted read-only, no /bin, /etc, /dev or /tmp,
 * an empty environment (no PATH), and an unprivileged user (65534). The root is
 * mounted read-only; only the output folder is writable.
 *
 * Mounts live in a private mount namespace (`unshare --mount`), so they vanish
 * with it even if the test dies. Needs root, unshare, chroot and mount: where the
 * machine lacks them, the test says so and is skipped (never silently).
 *
 * Checks: `version`; the seed's `extract` line into /out/nodes/; `create nodes` on that
 * folder (file and stdout); `snapshot` and an extract replayed from it; the folder
 * then holds exactly those outputs; and, run again as root on a writable copy, the
 * chroot is byte-for-byte unchanged outside /out (no cache, no temp files).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SEED_LINE, tempDir } from "../util/fixtures.ts";
import { ensureBinary } from "../util/binary.ts";
import {
  cannotChroot,
  type Chroot,
  explain,
  makeChroot,
  type Mount,
  NOBODY,
  type Ran,
  removeChroot,
  runInChroot,
} from "./chroot.ts";


/** What a distroless container gets: the kernel's /proc and /sys read-only, and one writable output folder. */
function containerMounts(out: string): Mount[] {
  return [
    { source: "/proc", target: "/proc", readOnly: true },
    { source: "/sys", target: "/sys", readOnly: true },
    { source: out, target: "/out", readOnly: false },
  ];
}

/** Every path under `root` except the mount points, with type, size, mode and mtime. */
function treeState(root: string, skip: Set<string>): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (skip.has(r)) continue;
      const st = fs.lstatSync(path.join(root, r));
      out.push(`${r} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(r);
    }
  };
  walk("");
  return out.sort();
}

/** A writable output folder for the chroot's /out, with nodes/ inside, owned by `uid`. */
function makeOut(uid: number): string {
  const out = tempDir("compspec-chroot-out-");
  fs.mkdirSync(path.join(out, "nodes"));
  fs.chownSync(out, uid, uid);
  fs.chownSync(path.join(out, "nodes"), uid, uid);
  return out;
}

/** Every file under an output folder, relative, sorted. */
function outputs(out: string): string[] {
  return fs.readdirSync(out, { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? fs.readdirSync(path.join(out, e.name)).map((f) => `${e.name}/${f}`) : [e.name])
    .sort();
}

/** What an output folder must hold after the runs: the node file, the graph and the snapshot, nothing else. */
function expectedOutputs(hostname: string): string[] {
  return [`nodes/${hostname}.json`, "cluster.json", "snap.json.gz"].sort();
}

const reason = cannotChroot();
if (reason !== undefined) {
  console.log(`chroot_test: SKIP minimal-container tests: ${reason}`);
  describe("minimal container (chroot)", () => {
    test.skip(`skipped: ${reason}`, () => {});
  });
} else {
  describe("minimal container (chroot, read-only root, user 65534, empty environment)", () => {
    let chroot: Chroot | undefined;
    let out = "";
    let ran: Ran[] = [];
    const hostname = os.hostname();
    const RUNS = [
      ["/compspec", "version"],
      ["/compspec", "extract", ...SEED_LINE, "--out", "/out/nodes/"],
      [
        "/compspec",
        "create",
        "nodes",
        "--cluster-name",
        "chroot",
        "--node-dir",
        "/out/nodes",
        "--nodes-output",
        "/out/cluster.json",
      ],
      ["/compspec", "create", "nodes", "--cluster-name", "chroot", "--node-dir", "/out/nodes"],
      ["/compspec", "snapshot", "--allow-fail", "--out", "/out/snap.json.gz"],
      ["/compspec", "extract", ...SEED_LINE, "--allow-fail", "--root", "/out/snap.json.gz"],
    ];

    beforeAll(() => {
      const binary = ensureBinary();
      chroot = makeChroot(binary, ["/proc", "/sys", "/out"]);
      out = makeOut(NOBODY);
      ran = runInChroot(chroot, containerMounts(out), RUNS, { user: NOBODY, readOnlyRoot: true });
    }, 120_000);

    afterAll(() => {
      if (chroot) removeChroot(chroot);
      if (out) fs.rmSync(out, { recursive: true, force: true });
    });

    test("the chroot holds only the binary, its libraries and the mount points", () => {
      const top = fs.readdirSync(chroot!.root).sort();
      expect(top).toContain("compspec");
      for (const name of top) expect(["compspec", "proc", "sys", "out", "lib", "lib64", "usr"]).toContain(name);
      expect(top).not.toContain("bin");
      expect(top).not.toContain("etc");
    });

    test("version runs", () => {
      expect(ran[0]!.status, explain(ran[0]!)).toBe(0);
      expect(ran[0]!.stdout).toMatch(/^compspec \d+\.\d+\.\d+ \(/);
    });

    test("extract (the seed's line) writes <hostname>.json, the same topology as outside the chroot", () => {
      const r = ran[1]!;
      expect(r.status, explain(r)).toBe(0);
      const file = path.join(out, "nodes", `${hostname}.json`);
      expect(fs.existsSync(file)).toBe(true);
      expect(fs.statSync(file).uid).toBe(NOBODY);
      const inside = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(inside.compspec.hostname).toBe(hostname);
      expect(Number(inside.results.system.sections.cpu.cpus)).toBe(os.cpus().length); // read from the bound /sys
      // Outside, same binary, same (empty) environment: the CPU topology read from /proc and /sys must match.
      const outside = spawnSync("env", [
        "-i",
        path.join(chroot!.root, "compspec"),
        "extract",
        ...SEED_LINE,
        "--allow-fail",
      ], {
        encoding: "utf8",
      });
      expect(outside.status).toBe(0);
      const o = JSON.parse(outside.stdout);
      expect(inside.results.system.sections.cpu).toEqual(o.results.system.sections.cpu);
      expect(inside.results.system.sections.arch).toEqual(o.results.system.sections.arch);
      expect(Object.keys(inside.results.system.sections.memory).sort())
        .toEqual(Object.keys(o.results.system.sections.memory).sort());
    });

    test("create nodes reads the folder and writes the graph (file and stdout)", () => {
      for (const r of [ran[2]!, ran[3]!]) expect(r.status, explain(r)).toBe(0);
      const graph = JSON.parse(fs.readFileSync(path.join(out, "cluster.json"), "utf8"));
      expect(JSON.parse(ran[3]!.stdout)).toEqual(graph);
      expect(JSON.stringify(graph)).toContain(hostname);
    });

    test("snapshot works there, and extract replays it", () => {
      expect(ran[4]!.status, explain(ran[4]!)).toBe(0);
      expect(ran[5]!.status, explain(ran[5]!)).toBe(0);
      expect(JSON.parse(ran[5]!.stdout).compspec.hostname).toBe(hostname);
    });

    test("the output folder holds exactly the outputs: no temporary or cache files", () => {
      expect(outputs(out)).toEqual(expectedOutputs(hostname));
    });

    test("as root on a writable root, nothing is written outside /out", () => {
      const root = chroot!.root;
      const before = treeState(root, new Set(["proc", "sys", "out"]));
      const out2 = makeOut(0);
      try {
        const again = runInChroot(chroot!, containerMounts(out2), [RUNS[1]!, RUNS[2]!, RUNS[4]!], {
          user: 0,
          readOnlyRoot: false,
        });
        for (const r of again) expect(r.status, explain(r)).toBe(0);
        expect(treeState(root, new Set(["proc", "sys", "out"]))).toEqual(before);
        expect(outputs(out2)).toEqual(expectedOutputs(hostname));
      } finally {
        fs.rmSync(out2, { recursive: true, force: true });
      }
    }, 60_000);
  });
}

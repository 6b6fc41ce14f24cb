import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_NODE_FILE_BYTES, NodeFileError, ReadBuffer, readNodeFile } from "../../src/node/read_node_file.ts";
import { runInProcess } from "./run_in_process.ts";
import { FIXTURES, tempDirsForFile } from "../util/fixtures.ts";

const RED = path.join(FIXTURES, "nodes/rainbow-red");
const realText = fs.readFileSync(path.join(FIXTURES, "nodes/realistic/gpu17.json"), "utf8");
const goText = fs.readFileSync(path.join(FIXTURES, "compspec-go/node-extract-example.json"), "utf8");
const scratchDir = tempDirsForFile();

/** A temp dir holding `files` (name -> text). */
function dirWith(files: Record<string, string>): string {
  const d = scratchDir("compspec-create-nodes-");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(d, name), text);
  return d;
}

/** A realistic node file for `hostname`. */
function realNode(hostname: string): string {
  const f = JSON.parse(realText);
  f.compspec.hostname = hostname;
  return JSON.stringify(f);
}

function goNode(mutate: (sections: Record<string, Record<string, Record<string, string>>>) => void = () => {}): string {
  const f = JSON.parse(goText);
  mutate(Object.fromEntries(Object.entries(f.results).map(([k, v]) => [k, (v as { sections: never }).sections])));
  return JSON.stringify(f);
}

function create(dir: string, ...extra: string[]) {
  return runInProcess(["create", "nodes", "--cluster-name", "red", "--node-dir", dir, ...extra]);
}

describe("compspec create nodes", () => {
  test("prints compact rainbow JGF of a folder of compspec-go files; nothing on stderr", async () => {
    const r = await create(RED);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.trimEnd().includes("\n")).toBe(false);
    const g = JSON.parse(r.stdout).graph;
    const names = Object.values(g.nodes as Record<string, { metadata: { type: string; name: string } }>)
      .filter((v) => v.metadata.type === "node").map((v) => v.metadata.name);
    expect(names).toEqual(fs.readdirSync(RED).map((f) => f.replace(/\.json$/, "")).sort());
  });

  test("the same node files give byte-identical output whatever their file names and order", async () => {
    const hosts = ["n10", "n2", "n1", "login"];
    const a = dirWith(Object.fromEntries(hosts.map((h) => [`${h}.json`, realNode(h)])));
    const b = dirWith(Object.fromEntries([...hosts].reverse().map((h, i) => [`zz-${i}-file.json`, realNode(h)])));
    for (const flags of [[], ["--format", "fluxion", "--pus"], ["--pretty"]]) {
      const ra = await create(a, ...flags);
      const rb = await create(b, ...flags);
      expect(ra.status).toBe(0);
      expect(rb.stdout).toBe(ra.stdout);
    }
    const g = JSON.parse((await create(a, "--format", "fluxion")).stdout).graph;
    const order = g.nodes.filter((v: { metadata: { type: string } }) => v.metadata.type === "node").map(
      (v: { metadata: { name: string } }) => v.metadata.name,
    );
    expect(order).toEqual(["login", "n1", "n2", "n10"]);
  });

  test("--nodes-output writes atomically, refuses an existing file unless --force", async () => {
    const out = path.join(dirWith({}), "graph.json");
    let r = await create(RED, "--nodes-output", out, "--pretty");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    const first = fs.readFileSync(out, "utf8");
    expect(first).toBe((await create(RED, "--pretty")).stdout);
    fs.writeFileSync(out, "keep me");
    r = await create(RED, "--nodes-output", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("already exists");
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    r = await create(RED, "--nodes-output", out, "--force", "--format", "fluxion");
    expect(r.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).graph.nodes).toBeArray();
    expect(fs.readdirSync(path.dirname(out))).toEqual(["graph.json"]);
  });

  test("a progress line on stderr only when it is a terminal", async () => {
    const out = path.join(dirWith({}), "g.json");
    const cmd = [process.execPath, path.join(import.meta.dir, "../../src/main.ts"), "create", "nodes", "--cluster-name", "c",
      "--node-dir", RED, "--nodes-output", out].map((a) => `'${a}'`).join(" ");
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    if (r.error || r.status !== 0) {
      console.warn("skipped TTY progress case: util-linux script(1) not usable here");
      return;
    }
    const files = fs.readdirSync(RED).length;
    expect(r.stdout).toContain(`reading node files: ${files}/${files}`);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).graph).toBeDefined();
    // Without a terminal (the other tests) stderr stays empty on success.
  });

  test("hidden and temporary files are ignored", async () => {
    const d = dirWith({
      "n1.json": realNode("n1"),
      ".n2.json": realNode("n2"),
      ".n3.json.1234.abcd.tmp": "{half a fi",
      "notes.txt": "hello",
    });
    const r = await create(d);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"n1"');
    expect(r.stdout).not.toContain('"n2"');
  });

  test("usage errors: missing flags, unknown format, bad cluster name, missing folder", async () => {
    expect((await runInProcess(["create", "nodes", "--node-dir", RED])).status).toBe(2);
    expect((await runInProcess(["create", "nodes", "--cluster-name", "x"])).status).toBe(2);
    expect((await create(RED, "--format", "dot")).stderr).toContain("valid: rainbow, fluxion");
    expect((await runInProcess(["create", "nodes", "--cluster-name", "a/b", "--node-dir", RED])).status).toBe(2);
    expect((await create(RED, "--nodes-output", "/nonexistent/dir/g.json")).stderr).toContain("folder /nonexistent/dir does not exist");
    const r = await create("/nonexistent/dir");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("/nonexistent/dir: no such file or folder");
  });
});

describe("compspec create nodes: bad input", () => {
  /** Each case: files to put beside one good file, and what the message about the bad one must say. */
  const cases: [string, (d: string) => void, RegExp][] = [
    ["a non-JSON file", (d) => fs.writeFileSync(path.join(d, "bad.json"), "this is not json"), /bad\.json: not JSON/],
    ["JSON of the wrong shape", (d) => fs.writeFileSync(path.join(d, "bad.json"), '{"nodes": []}'), /bad\.json: not a node file/],
    [
      "wrong value types",
      (d) => fs.writeFileSync(path.join(d, "bad.json"), goNode((s) => ((s.system!.cpu as unknown as Record<string, number>).cores = 12))),
      /bad\.json: not a node file: at results\.system\.sections\.cpu\.cores/,
    ],
    ["zero CPUs", (d) => fs.writeFileSync(path.join(d, "bad.json"), goNode((s) => (s.system!.cpu!.cores = "0"))), /bad\.json: .*zero CPUs/],
    [
      "fewer cores than sockets",
      (d) =>
        fs.writeFileSync(
          path.join(d, "bad.json"),
          goNode((s) => {
            s.system!.cpu!.cores = "2";
            s.nfd!.cpu!["topology.socket_count"] = "4";
          }),
        ),
      /bad\.json: fewer cores than sockets/,
    ],
    ["an unreadable file (a directory named bad.json)", (d) => fs.mkdirSync(path.join(d, "bad.json")), /bad\.json: is a directory/],
    ["a dangling symlink", (d) => fs.symlinkSync(path.join(d, "nowhere"), path.join(d, "bad.json")), /bad\.json: dangling symbolic link/],
    [
      "a symlink loop",
      (d) => {
        fs.symlinkSync(path.join(d, "loop-b"), path.join(d, "bad.json"));
        fs.symlinkSync(path.join(d, "bad.json"), path.join(d, "loop-b"));
      },
      /bad\.json: symbolic link loop/,
    ],
    [
      "a 1 GB file",
      (d) => {
        const p = path.join(d, "bad.json");
        fs.writeFileSync(p, "");
        fs.truncateSync(p, 1 << 30);
      },
      /bad\.json: is 1073741824 bytes; a node file may be at most 16777216 bytes/,
    ],
    [
      "a hostname with '/'",
      (d) => fs.writeFileSync(path.join(d, "bad.json"), realNode("rack1/n1")),
      /bad\.json: hostname "rack1\/n1" cannot name a graph vertex: it contains '\/'/,
    ],
    [
      "a hostname with a newline (from the file name)",
      (d) => fs.writeFileSync(path.join(d, "bad\nname.json"), goNode()),
      /bad\nname\.json: hostname "bad\\nname" cannot name a graph vertex: it contains control characters/,
    ],
  ];

  for (const [what, make, message] of cases) {
    test(what, async () => {
      const d = dirWith({ "good1.json": realNode("good1") });
      make(d);
      const out = path.join(dirWith({}), "graph.json");
      const t0 = performance.now();
      const r = await create(d, "--nodes-output", out);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain("1 of 2 node files");
      expect(r.stderr).not.toContain("good1");
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(path.dirname(out))).toEqual([]);
      // --allow-fail: a warning naming the file, and the graph of the rest
      const ok = await create(d, "--allow-fail");
      expect(ok.status).toBe(0);
      expect(ok.stderr).toMatch(/warning: skipping .*bad/);
      const g = JSON.parse(ok.stdout).graph;
      const nodes = Object.values(g.nodes as Record<string, { metadata: { type: string; name: string } }>)
        .filter((v) => v.metadata.type === "node").map((v) => v.metadata.name);
      expect(nodes).toEqual(["good1"]);
    });
  }

  test("a 1 GB file is refused from its size alone: nothing is read", async () => {
    const p = path.join(dirWith({}), "huge.json");
    fs.writeFileSync(p, "");
    fs.truncateSync(p, 1 << 30);
    const buf = new ReadBuffer();
    const before = buf.bytes.length;
    const t0 = performance.now();
    expect(() => readNodeFile(p, buf)).toThrow(NodeFileError);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(buf.bytes.length).toBe(before);
    expect(before).toBeLessThan(MAX_NODE_FILE_BYTES);
  });

  test("a FIFO named x.json is refused without waiting for a writer", async () => {
    const d = dirWith({ "good1.json": realNode("good1") });
    if (spawnSync("mkfifo", [path.join(d, "fifo.json")]).status !== 0) {
      console.warn("skipped FIFO case: mkfifo not available");
      return;
    }
    const r = await create(d);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/fifo\.json: is not a regular file/);
  });

  test("an unreadable file (chmod 000), where the test can make one", async () => {
    const d = dirWith({ "good1.json": realNode("good1"), "bad.json": realNode("bad") });
    fs.chmodSync(path.join(d, "bad.json"), 0);
    let readable = true;
    try {
      fs.readFileSync(path.join(d, "bad.json"));
    } catch {
      readable = false;
    }
    if (readable) {
      console.warn("skipped chmod 000 case: this user (root?) can read a mode-000 file; see the directory case");
      return;
    }
    const r = await create(d);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.json: permission denied/);
  });

  test("an empty folder", async () => {
    const r = await create(dirWith({ "readme.txt": "no json here" }));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no node files (*.json)");
  });

  test("two files with the same hostname: both named, in both directions", async () => {
    const d = dirWith({ "a.json": realNode("n1"), "b.json": realNode("n1"), "c.json": realNode("n2") });
    const r = await create(d);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/a\.json: hostname "n1" is also the hostname in .*b\.json/);
    expect(r.stderr).toMatch(/b\.json: hostname "n1" is also the hostname in .*a\.json/);
    const ok = await create(d, "--allow-fail");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('"n2"');
    expect(ok.stdout).not.toContain('"n1"');
  });

  test("a hostname with quotes is refused, the file named (#21: RFC 1123 host names only)", async () => {
    const d = dirWith({ "q.json": realNode('we"ird\'name') });
    const r = await create(d, "--format", "fluxion");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`q.json: hostname ${JSON.stringify('we"ird\'name')} cannot name a graph vertex: it contains`);
  });

  test("every bad file gets its own message; all are reported, not just the first", async () => {
    const d = dirWith({ "x1.json": "nope", "x2.json": "[]", "x3.json": realNode("ok") });
    const r = await create(d);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/x1\.json: not JSON/);
    expect(r.stderr).toMatch(/x2\.json: not a node file/);
    expect(r.stderr).toContain("2 of 3 node files");
    const all = await create(dirWith({ "x1.json": "nope" }), "--allow-fail");
    expect(all.status).toBe(1);
    expect(all.stderr).toContain("no usable node files");
  });
});

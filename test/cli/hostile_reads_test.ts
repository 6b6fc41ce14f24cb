/**
 * Issue #21 (reads): every file compspec reads goes through the one bounded
 * reader, so `/dev/zero`, a FIFO, or a link to either in place of an input is
 * refused at once (exit 1, "is not a regular file"), and a file that is a link
 * to a secret is never quoted in a parse error. Each run has a time limit, so
 * a regression fails here instead of hanging the suite.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fetchArtifact } from "../../src/registry/artifact.ts";
import { credentialsFromDockerConfig } from "../../src/registry/credentials.ts";
import { writeArtifactLayout } from "../registry/registry_server.ts";
import { FIXTURES, REPO, tempDir } from "../util/fixtures.ts";

const ARTIFACT = path.join(FIXTURES, "compat/compspec-go/generated-compatibility-spec.json");
const NODES = path.join(FIXTURES, "nodes/realistic");
const SECRET = "ghp_FAKEt0ken4Tests0nlyNOTreal1234567890";

/** compspec ARGS from source, killed after 20 s (a read of /dev/zero never ends on its own). */
function run(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, "src/main.ts"), ...args], {
    encoding: "utf8",
    cwd: REPO,
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 20_000,
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

function fifo(dir: string, name = "fifo"): string {
  const p = path.join(dir, name);
  const r = spawnSync("mkfifo", [p]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
  return p;
}

describe("not a regular file: refused unread", () => {
  const dir = tempDir();
  const pipe = fifo(dir);
  const zeroLink = path.join(dir, "zero.json");
  fs.symlinkSync("/dev/zero", zeroLink);
  for (const [name, file] of [["/dev/zero", "/dev/zero"], ["a FIFO", pipe], ["a link to /dev/zero", zeroLink]]) {
    const cases: [string, string[]][] = [
      ["extract --root", ["extract", "--root", file!]],
      ["describe --graph", ["describe", "--graph", file!]],
      ["check --graph", ["check", "--artifact", ARTIFACT, "--graph", file!]],
      ["create nodes --ranks-from", ["create", "nodes", "--node-dir", NODES, "--cluster-name", "c", "--ranks-from", file!]],
    ];
    for (const [what, args] of cases) {
      test(`${what} ${name}`, () => {
        const r = run(args);
        expect(r.stderr).toContain(`${file}: is not a regular file`);
        expect(r.status).toBe(1);
        expect(r.stdout).toBe("");
      });
    }
  }
});

describe("an OCI layout whose files are links to /dev/zero or FIFOs", () => {
  const layout = () => {
    const dir = path.join(tempDir(), "layout");
    writeArtifactLayout(dir, "v1");
    return dir;
  };
  const blobs = (dir: string) => fs.readdirSync(path.join(dir, "blobs/sha256")).map((b) => path.join(dir, "blobs/sha256", b));

  test("index.json → /dev/zero, index.json a FIFO", async () => {
    for (const plant of [(p: string) => fs.symlinkSync("/dev/zero", p), (p: string) => fifo(path.dirname(p), path.basename(p))]) {
      const dir = layout();
      fs.rmSync(path.join(dir, "index.json"));
      plant(path.join(dir, "index.json"));
      const err = await fetchArtifact(`oci-layout:${dir}:v1`, {}).catch((e) => e as Error);
      expect((err as Error).message).toContain("is not a regular file");
    }
  });

  test("every blob in turn → /dev/zero, then a FIFO: refused, never read", async () => {
    const count = blobs(layout()).length;
    const refused = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      for (const kind of ["zero", "fifo"]) {
        const dir = layout();
        const blob = blobs(dir)[i]!;
        fs.rmSync(blob);
        if (kind === "zero") fs.symlinkSync("/dev/zero", blob);
        else fifo(path.dirname(blob), path.basename(blob));
        const err = await fetchArtifact(`oci-layout:${dir}:v1`, {}).then(() => undefined, (e) => e as Error);
        // A blob the lookup never needs (the image's own layers) is not read at all; every one it reads is refused.
        if (err === undefined) continue;
        expect(err.message).toContain("is not a regular file");
        refused.set(kind, (refused.get(kind) ?? 0) + 1);
      }
    }
    // At least the image manifest, the artifact's manifest and its layer.
    expect(refused.get("zero")).toBeGreaterThanOrEqual(3);
    expect(refused.get("fifo")).toBe(refused.get("zero"));
  });
});

describe("a node file, graph, snapshot or docker config that is a secret: never quoted", () => {
  const dir = tempDir();
  const secret = path.join(dir, "token");
  fs.writeFileSync(secret, `${SECRET}\n`);
  const nodeDir = path.join(dir, "nodes");
  fs.mkdirSync(nodeDir);
  fs.copyFileSync(path.join(NODES, "gpu17.json"), path.join(nodeDir, "a.json"));
  fs.symlinkSync(secret, path.join(nodeDir, "b.json"));
  const cases: [string, string[], number, string][] = [
    ["create nodes", ["create", "nodes", "--node-dir", nodeDir, "--cluster-name", "c"], 1, `${nodeDir}/b.json: not JSON: line 1, column 1`],
    ["describe", ["describe", "--node-dir", nodeDir], 1, `${nodeDir}/b.json: not JSON: line 1, column 1`],
    ["diff", ["diff", nodeDir, NODES], 2, `${nodeDir}/b.json: not JSON: line 1, column 1`],
    ["check --node-dir", ["check", "--artifact", ARTIFACT, "--node-dir", nodeDir], 1, `${nodeDir}/b.json: not JSON: line 1, column 1`],
    ["check --artifact", ["check", "--artifact", secret, "--node-dir", NODES], 2, `${secret}:1:1: not a compatibility artifact`],
    ["describe --graph", ["describe", "--graph", secret], 1, `--graph ${secret}: not JSON: line 1, column 1`],
    ["extract --root", ["extract", "--root", secret], 1, `--root ${secret}: not a compspec snapshot or directory (not JSON: line 1, column 1`],
    ["match --in", ["match", "--in", secret, "-m", "a=b"], 2, `${secret}: not a match manifest (Invalid type: Expected Object but received a text of`],
  ];
  // YAML that names the secret: an alias, a directive, a tag (the YAML library's messages and warnings quote them).
  const alias = path.join(dir, "alias.yaml");
  fs.writeFileSync(alias, `*${SECRET}\n`);
  const directive = path.join(dir, "directive.yaml");
  fs.writeFileSync(directive, `%${SECRET}\n---\nx\n`);
  const tag = path.join(dir, "tag.yaml");
  fs.writeFileSync(tag, `!${SECRET} x\n`);
  cases.push(
    ["match --in, a YAML alias", ["match", "--in", alias, "-m", "a=b"], 2, `${alias}: not valid YAML or JSON (Unresolved alias (the anchor must be set before the alias))`],
    ["check --artifact, a YAML directive", ["check", "--artifact", directive, "--node-dir", NODES], 2, `${directive}:3:1: not a compatibility artifact`],
    ["check --artifact, a YAML tag", ["check", "--artifact", tag, "--node-dir", NODES], 2, `${tag}:1:`],
    ["match --in, a YAML directive", ["match", "--in", directive, "-m", "a=b"], 2, `${directive}: not a match manifest`],
  );
  for (const [what, args, status, message] of cases) {
    test(what, () => {
      const r = run(args);
      expect(r.stderr).toContain(message);
      expect(r.stderr + r.stdout).not.toContain("ghp_");
      expect(r.status).toBe(status);
    });
  }

  test("docker config", () => {
    expect(() => credentialsFromDockerConfig(SECRET, "127.0.0.1:5000", "config.json")).toThrow(
      "config.json: not valid JSON (line 1, column 1: expected a value)",
    );
    let message = "";
    try {
      credentialsFromDockerConfig(`{"auths": {"127.0.0.1:5000": {"auth": "x"}},\n  ${SECRET}}`, "127.0.0.1:5000", "config.json");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe("config.json: not valid JSON (line 2, column 3: expected a string key)");
  });
});

test("--registry-password-stdin from /dev/zero: refused past 64 KiB, exit 2", () => {
  const zero = fs.openSync("/dev/zero", "r");
  try {
    const r = spawnSync(
      process.execPath,
      [path.join(REPO, "src/main.ts"), "artifact", "pull", "--image", "127.0.0.1:9/x:y", "--registry-username", "u", "--registry-password-stdin"],
      { encoding: "utf8", stdio: [zero, "pipe", "pipe"], timeout: 20_000 },
    );
    expect(r.stderr).toBe("compspec: error: artifact pull: --registry-password-stdin: standard input is more than 65536 bytes\n");
    expect(r.status).toBe(2);
  } finally {
    fs.closeSync(zero);
  }
});

/**
 * #21 item 9: `artifact push` into an OCI layout never follows a link planted
 * in it (a layout may be shared or copied from elsewhere), and a failed push
 * leaves nothing new. Before: `blobs/sha256 -> elsewhere` wrote blobs outside
 * the layout, `index.json -> file` replaced that file, and dangling
 * `index.json`/`oci-layout` links created files where they pointed.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { pushArtifact } from "../../src/registry/artifact.ts";
import { RegistryError } from "../../src/registry/errors.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { FIXTURES, tempDirsForFile } from "../util/fixtures.ts";
import { writeImageLayout } from "./registry_server.ts";

const scratchDir = tempDirsForFile();

const SPEC = path.join(FIXTURES, "registry", "nfd-image-compatibility.yaml");

/** A layout holding the fixture image as `v1`, and an outside folder standing for /etc. */
function setup(): { layout: string; outside: string } {
  const base = scratchDir("compspec-layout-links-");
  const layout = path.join(base, "layout");
  writeImageLayout(layout, "v1");
  const outside = path.join(base, "etc");
  fs.mkdirSync(outside);
  return { layout, outside };
}

/** Every path under `dir` (links not followed), with its kind and content, to compare before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) out[p] = `link ${fs.readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[p] = "folder";
        walk(p);
      } else out[p] = `file ${(st.mode & 0o7777).toString(8)} ${fs.readFileSync(p, "utf8")}`;
    }
  };
  walk(dir);
  return out;
}

/** The error a push of the fixture NFD artifact into `layout` fails with. */
async function pushFails(layout: string): Promise<RegistryError> {
  const bytes = new Uint8Array(fs.readFileSync(SPEC));
  const err = await pushArtifact(`oci-layout:${layout}:v1`, { bytes, kind: "nfd", fileName: "spec.yaml" }).catch((e) => e);
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

describe("links planted in an OCI layout are never written through", () => {
  test("blobs/sha256 -> elsewhere: refused, nothing written there or in the layout", async () => {
    const { layout, outside } = setup();
    const blobs = path.join(layout, "blobs", "sha256");
    fs.renameSync(blobs, path.join(outside, "sha256"));
    fs.symlinkSync(path.join(outside, "sha256"), blobs);
    const before = { layout: snapshot(layout), outside: snapshot(outside) };
    const err = await pushFails(layout);
    expect(err.kind).toBe("io");
    expect(err.message).toContain("blobs/sha256: it is a symbolic link (compspec never follows links inside a layout it writes)");
    expect(snapshot(layout)).toEqual(before.layout);
    expect(snapshot(outside)).toEqual(before.outside);
  });

  test("index.json -> a setuid file: the file keeps its bytes and mode; the push's blobs are removed", async () => {
    const { layout, outside } = setup();
    const su = path.join(outside, "su");
    fs.renameSync(path.join(layout, "index.json"), su);
    fs.chmodSync(su, 0o4755);
    fs.symlinkSync(su, path.join(layout, "index.json"));
    const before = { layout: snapshot(layout), outside: snapshot(outside) };
    const err = await pushFails(layout);
    expect(err.message).toContain("index.json: it is a symbolic link");
    expect(snapshot(outside)).toEqual(before.outside);
    expect(fs.statSync(su).mode & 0o7777).toBe(0o4755);
    expect(snapshot(layout)).toEqual(before.layout);
  });

  for (const name of ["index.json", "oci-layout"]) {
    test(`a dangling ${name} link into another folder: nothing created there, nothing new left in the layout`, async () => {
      const { layout, outside } = setup();
      const target = path.join(outside, `planted-${name}`);
      // Without its marker the layout is one compspec sets up, writing both files.
      fs.rmSync(path.join(layout, "oci-layout"));
      fs.rmSync(path.join(layout, name), { force: true });
      fs.symlinkSync(target, path.join(layout, name));
      const before = snapshot(layout);
      const err = await pushFails(layout);
      expect(err.message).toContain(`${name}: it is a symbolic link`);
      expect(fs.readdirSync(outside)).toEqual([]);
      expect(snapshot(layout)).toEqual(before);
    });
  }

  test("a failed push into a missing layout leaves no folder behind", async () => {
    const { layout } = setup();
    const fresh = path.join(path.dirname(layout), "fresh");
    const err = await pushFails(fresh);
    expect(err.kind).toBe("not-found");
    expect(fs.existsSync(fresh)).toBe(false);
  });

  test("a push into a clean layout still works, and replaced index.json keeps its permission bits only", async () => {
    const { layout } = setup();
    fs.chmodSync(path.join(layout, "index.json"), 0o2664);
    const bytes = new Uint8Array(fs.readFileSync(SPEC));
    const pushed = await pushArtifact(`oci-layout:${layout}:v1`, { bytes, kind: "nfd", fileName: "spec.yaml" });
    expect(pushed.via).toBe("layout index");
    expect(fs.statSync(path.join(layout, "index.json")).mode & 0o7777).toBe(0o664);
    expect(fs.readdirSync(layout).filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"))).toEqual([]);
  });

  test("compspec artifact push through the CLI: exit 1, one line naming the link", async () => {
    const { layout, outside } = setup();
    const blobs = path.join(layout, "blobs", "sha256");
    fs.renameSync(blobs, path.join(outside, "sha256"));
    fs.symlinkSync(path.join(outside, "sha256"), blobs);
    const before = snapshot(outside);
    const r = await runInProcess(["artifact", "push", "--artifact", SPEC, "--image", `oci-layout:${layout}:v1`]);
    expect(r.status).toBe(1);
    // The fixture's vfio-pci draws check's name warning first (#20); the error is one line.
    expect(r.stderr.split("\n").filter((l) => l.startsWith("compspec: error:"))).toEqual([
      `compspec: error: artifact push: oci-layout:${layout}: cannot write blobs/sha256: it is a symbolic link (compspec never follows links inside a layout it writes)`,
    ]);
    expect(r.stderr.endsWith("it writes)\n")).toBe(true);
    expect(snapshot(outside)).toEqual(before);
  });
});

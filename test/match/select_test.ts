import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { type AttributeArtifact, parseArtifact, parseDocumentNow, readArtifact } from "../../src/compat/mod.ts";
import { parseMatchManifest } from "../../src/match/inputs.ts";
import { graphFor, SCHEMA_GRAPHS } from "../../src/match/schema_graphs.ts";
import { artifactLabels, checkSchemas, MatchError, selectImages, shuffle } from "../../src/match/select.ts";
import { FIXTURES } from "../util/fixtures.ts";

const SPECS = path.join(FIXTURES, "registry", "check-lammps", "specs");
/** An attribute artifact read by src/compat, the one parser match uses. */
async function parseAttributeArtifact(text: string, source: string): Promise<AttributeArtifact> {
  const a = await parseArtifact(text, source);
  if (a.kind !== "compspec") throw new Error(`${source}: not an attribute artifact`);
  return a;
}
/** The same, synchronous (for fast-check): valid JSON needs no lazily loaded module. */
function attributeArtifactNow(text: string, source: string): AttributeArtifact {
  const a = readArtifact(parseDocumentNow(text, source));
  if (a.kind !== "compspec") throw new Error(`${source}: not an attribute artifact`);
  return a;
}
const spec = async (name: string) => parseAttributeArtifact(fs.readFileSync(path.join(SPECS, `compspec-${name}.json`), "utf8"), name);

describe("labels", () => {
  test("N.K.V and every dot-prefix of N.K (values may hold dots and spaces)", async () => {
    const labels = artifactLabels(await spec("openmpi-ubuntu-gpu-22.04"));
    expect(labels).toContain("org.supercontainers.os.name.Ubuntu 22.04.3 LTS");
    expect(labels).toContain("org.supercontainers.hardware.gpu");
    expect(labels).toContain("io");
    expect(labels).toEqual([...labels].sort());
    expect(labels).not.toContain("org.supercontainers.os.name.Ubuntu 22");
  });

  test("the shipped graphs cover compspec-go's example schema URLs; an unknown namespace is named", async () => {
    expect(checkSchemas(new Map([["img", await spec("intel-mpi-rocky-8-amd64")]]))).toEqual(["io.archspec", "org.supercontainers"]);
    expect(graphFor("x", "https://raw.githubusercontent.com/compspec/schemas/main/mpi/compspec.json")?.id).toBe("mpi");
    for (const g of SCHEMA_GRAPHS.values()) {
      // Parents come before children and exist: no dangling edges.
      for (const k of g.keys) {
        const parent = k.slice(0, k.lastIndexOf("."));
        if (k.includes(".")) expect(g.keys.slice(0, g.keys.indexOf(k))).toContain(parent);
      }
    }
    const odd = await parseAttributeArtifact(JSON.stringify({ compatibilities: [{ name: "org.x", attributes: {} }] }), "odd");
    expect(() => checkSchemas(new Map([["img", odd]]))).toThrow(/Schema root node org.x is missing from the graph/);
  });

  test("inputs: values must be strings; manifests need images[].name; YAML and JSON", async () => {
    await expect(parseAttributeArtifact('{"compatibilities":[{"name":"a","attributes":{"k":1}}]}', "a.json")).rejects.toThrow(
      'a.json:1:51: compatibilities[0].attributes.k: must be a string, not the number 1; quote it: "1"',
    );
    await expect(parseMatchManifest("images:\n  - artifact: x\n", "m.yaml")).rejects.toThrow(/m\.yaml: not a match manifest/);
    await expect(parseMatchManifest("a: 1\na: 2\n", "m.yaml")).rejects.toThrow(/not valid YAML/);
    await expect(parseMatchManifest("{images: [", "m.yaml")).rejects.toThrow(/m\.yaml: not valid YAML or JSON/);
    expect((await parseMatchManifest('{"images": [{"name": "h.io/a:b"}]}', "m.json")).images[0]?.name).toBe("h.io/a:b");
    expect((await parseMatchManifest("{images: [{name: h.io/a}]}", "m.yaml")).images[0]?.name).toBe("h.io/a");
    expect((await parseMatchManifest(fs.readFileSync(path.join(FIXTURES, "registry", "experiment-lammps-manifests.yaml"), "utf8"), "m")).images).toHaveLength(18);
  });
});

describe("selectImages", () => {
  const labels = new Map<string, string[]>([
    ["a", ["x", "x.k", "x.k.1", "x.j", "x.j.q"]],
    ["b", ["x", "x.k", "x.k.2", "x.j", "x.j.q"]],
    ["c", []],
  ]);
  test("no criteria: images with labels, sorted; errors with compspec-go's messages", () => {
    expect(selectImages(labels, [])).toEqual(["a", "b"]);
    expect(selectImages(labels, ["x.j=q"])).toEqual(["a", "b"]);
    expect(selectImages(labels, ["x.j=q", "x.k=2"])).toEqual(["b"]);
    expect(() => selectImages(labels, ["x.k=3"])).toThrow(new MatchError("Field x.k=3 is not known and cannot be matched."));
    expect(() => selectImages(labels, ["x.k=1", "x.k=2"])).toThrow(/Adding field x.k=2 empties match set/);
  });

  test("property: criteria AND (the result for [p, q] is the intersection of the results for [p] and [q])", () => {
    const value = fc.constantFrom("1", "2", "3");
    const img = fc.record({ k: value, j: value });
    fc.assert(fc.property(fc.array(img, { minLength: 1, maxLength: 6 }), value, value, (imgs, p, q) => {
      const artifact = (k: string, j: string) => attributeArtifactNow(JSON.stringify({ compatibilities: [{ name: "ns", attributes: { k, j } }] }), "a.json");
      const m = new Map(imgs.map((i, n) => [`img${n}`, artifactLabels(artifact(i.k, i.j))]));
      const run = (c: string[]) => {
        try {
          return selectImages(m, c);
        } catch {
          return [];
        }
      };
      const both = run([`ns.k=${p}`, `ns.j=${q}`]);
      const inter = run([`ns.k=${p}`]).filter((x) => run([`ns.j=${q}`]).includes(x));
      expect(both).toEqual(inter);
    }));
  });

  test("shuffle keeps every item", () => {
    fc.assert(fc.property(fc.array(fc.integer()), (xs) => {
      expect(shuffle(xs, Math.random).sort()).toEqual([...xs].sort());
    }));
  });
});

/**
 * `describe --format flux`: [[resource.config]] tables per flux-config-resource(5).
 * Flux is not installable here, so `flux R parse-config` cannot run; the tables
 * are parsed by real TOML parsers (Bun's, and Python's tomllib where present) and
 * checked the way flux-core's rlist_from_config reads them: only the keys
 * hosts/cores/gpus/properties, an RFC 29 hostlist, RFC 22 idsets, properties
 * without the characters Flux rejects, every host given cores.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { describeCluster } from "../../src/describe/groups.ts";
import { describeFlux, tomlString } from "../../src/describe/flux.ts";
import { fluxPropertyNames } from "../../src/graph/flux_properties.ts";
import { nodeRecord } from "../../src/node/record.ts";
import { expandHostlist } from "../../src/util/hostlist.ts";
import { decodeIdset } from "../../src/util/idset.ts";
import { goFile, host, lessMemory, offline, realFile, summary, withoutGpu } from "./nodes.ts";

const GiB = 1024 * 1024;

interface Entry {
  hosts: string;
  cores?: string;
  gpus?: string;
  properties?: string[];
}

/** What `flux R parse-config` would make of the tables: per host (in rank order) its cores, GPUs and properties. */
function parseConfig(toml: string): Map<string, { cores: number[]; gpus: number[]; properties: string[] }> {
  const doc = Bun.TOML.parse(toml) as { resource?: { config?: Entry[] } };
  const entries = doc.resource?.config;
  if (!Array.isArray(entries) || entries.length === 0) throw new Error("no hosts configured");
  const out = new Map<string, { cores: number[]; gpus: number[]; properties: string[] }>();
  for (const e of entries) {
    // rlist_from_config unpacks "{s:s s?s s?s s?o !}": no other key is allowed.
    for (const k of Object.keys(e)) if (!["hosts", "cores", "gpus", "properties"].includes(k)) throw new Error(`unknown key ${k}`);
    for (const p of e.properties ?? []) {
      if (/[!^&'"`|()\s:]/.test(p) || p.startsWith("-")) throw new Error(`invalid property ${JSON.stringify(p)}`);
    }
    for (const h of expandHostlist(e.hosts)) {
      const n = out.get(h) ?? { cores: [], gpus: [], properties: [] };
      if (e.cores) n.cores = decodeIdset(e.cores);
      if (e.gpus) n.gpus = decodeIdset(e.gpus);
      n.properties.push(...(e.properties ?? []));
      out.set(h, n);
    }
  }
  for (const [h, n] of out) if (n.cores.length === 0 && n.gpus.length === 0) throw new Error(`${h} assigned no resources`);
  return out;
}

const PYTHON_TOML = spawnSync("python3", ["-c", "import tomllib"], { encoding: "utf8" }).status === 0;

/** Python's tomllib, where present (a second, strict TOML parser). */
function pythonToml(toml: string): unknown {
  const r = spawnSync("python3", ["-c", "import json, sys, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))"], {
    input: toml,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe("Flux resource configuration", () => {
  const nodes = [
    ...Array.from({ length: 16 }, (_, i) => summary(realFile(host(i + 1)))),
    summary(realFile(host(17), withoutGpu(1))),
    summary(realFile(host(18), offline(17, 81))),
    summary(realFile(host(19), lessMemory(32 * GiB))), // memory is not in Flux's config: shares gpu[001-016]'s table
  ];
  const toml = describeFlux(describeCluster(nodes));

  test("tables Flux accepts, with the nodelist, cores and GPUs of each node", () => {
    const config = parseConfig(toml);
    expect([...config.keys()].sort()).toEqual(nodes.map((n) => n.hostname).sort());
    expect(config.get("gpu001")!.cores).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(config.get("gpu001")!.gpus).toEqual([0, 1, 2, 3]);
    // The same property names as the node's Flux R (create nodes --format flux-r): one vocabulary.
    expect(config.get("gpu001")!.properties).toEqual(fluxPropertyNames(nodeRecord(realFile("gpu001"), "gpu001")));
    expect(config.get("gpu001")!.properties).toEqual(expect.arrayContaining(["sapphirerapids", "x86_64_v4", "nvidia", "h100", "rocky9.3", "openmpi"]));
    expect(config.get("gpu017")!.gpus).toEqual([0, 1, 2]);
    // Flux numbers a node's cores 0 … n−1 (hwloc logical order), whichever CPUs are offline.
    expect(config.get("gpu018")!.cores).toEqual(Array.from({ length: 63 }, (_, i) => i));
    expect(config.get("gpu019")).toEqual(config.get("gpu001")!);
  });

  test("the text: one table per distinct table, hostlists compressed", () => {
    expect(toml).toContain('[[resource.config]]\nhosts = "gpu[001-016,019]"\ncores = "0-63"\ngpus = "0-3"\nproperties = ["broadwell", ');
    expect(toml.match(/\[\[resource\.config\]\]/g)).toHaveLength(3);
  });

  test.skipIf(!PYTHON_TOML)("Python's tomllib reads the same document", () => {
    expect(pythonToml(toml)).toEqual(Bun.TOML.parse(toml));
  });

  test("no GPUs: no gpus key; compspec-go files: cores are the CPU count, with a note", () => {
    const t = describeFlux(describeCluster([summary(goFile(), "node-1")]));
    expect(t).toContain("# node files give the CPU count only (compspec-go): cores may be hardware threads\n");
    expect(t).not.toContain("gpus =");
    expect(parseConfig(t).get("node-1")!.cores).toEqual([0, 1]);
  });

  test("strings are escaped for TOML; odd hostnames never get this far (#21)", () => {
    expect(tomlString('a"b\\c\td')).toBe('"a\\"b\\\\c\\u0009d"');
    expect(() => summary(realFile('we"ird'))).toThrow('hostname "we\\"ird" cannot');
    const t = describeFlux(describeCluster([summary(realFile("n_1.c"))]));
    expect((Bun.TOML.parse(t) as { resource: { config: Entry[] } }).resource.config[0]!.hosts).toBe("n_1.c");
  });
});

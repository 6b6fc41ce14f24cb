/**
 * compspec-go compatibility of what `extract` writes with the seed's line: its
 * `create nodes` skips a file unless it has the nfd sections, `system.processor`
 * and `system.cpu.cores` (shared compspec-go.md), and counts `system.cpu.cores`
 * as cores, split over `nfd.cpu.topology.socket_count` sockets.
 */
import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { runInProcess } from "./run_in_process.ts";
import { expectedLscpu, SEED_LINE, tempDir, unpackedRoot } from "../util/fixtures.ts";

/** lscpu's word for the EPYC dump: cores and sockets. */
function lscpuEpyc(): { cores: number; sockets: number } {
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)$`, "m").exec(expectedLscpu("x86_64-epyc_7451"))![1]);
  return { cores: field("Core\\(s\\) per socket") * field("Socket\\(s\\)"), sockets: field("Socket\\(s\\)") };
}

async function extractSeed(args: string[]) {
  const r = await runInProcess(["extract", ...SEED_LINE, ...args]);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

function expectGoAccepts(file: { results: Record<string, { sections: Record<string, Record<string, string>> }> }) {
  const { nfd, system, library } = file.results;
  expect(library?.sections.mpi).toBeDefined();
  for (const s of ["cpu", "memory", "network", "storage", "system"]) expect(nfd?.sections[s]).toBeDefined();
  expect(Object.keys(system!.sections.processor!).length).toBeGreaterThan(0);
  expect(system!.sections.cpu!.cores).toMatch(/^[1-9][0-9]*$/);
  expect(nfd!.sections.cpu!["topology.socket_count"]).toMatch(/^[1-9][0-9]*$/);
  // Every value is a string: Go unmarshals into map[string]string.
  for (const ex of Object.values(file.results)) {
    for (const sec of Object.values(ex.sections)) for (const v of Object.values(sec)) expect(typeof v).toBe("string");
  }
}

describe("compspec-go reads our seed-line files", () => {
  test("this machine", async () => {
    const file = await extractSeed([]);
    expectGoAccepts(file);
    // cores and sockets agree with the real topology, so Go's even split at least has the right totals.
    const cpu = file.results.system.sections.cpu;
    expect(file.results.nfd.sections.cpu["topology.socket_count"]).toBe(cpu.sockets);
  });

  test("the 96-CPU EPYC dump: cores and sockets as lscpu says", async () => {
    const file = await extractSeed(["--root", unpackedRoot("x86_64-epyc_7451"), "--allow-fail", "--hostname", "epyc"]);
    expectGoAccepts(file);
    const { cores, sockets } = lscpuEpyc();
    expect(file.results.system.sections.cpu.cores).toBe(String(cores));
    expect(file.results.nfd.sections.cpu["topology.socket_count"]).toBe(String(sockets));
  });

  test("our create nodes, reading the file the way compspec-go does (no topology, no hostname), gets the same core count", async () => {
    const file = await extractSeed(["--root", unpackedRoot("x86_64-epyc_7451"), "--allow-fail", "--hostname", "epyc"]);
    delete file.compspec;
    const cpu = file.results.system.sections.cpu;
    file.results.system.sections.cpu = { cores: cpu.cores };
    delete file.results.system.sections.memory;
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "node-1.json"), JSON.stringify(file));
    const r = await runInProcess(["create", "nodes", "--cluster-name", "c", "--node-dir", dir]);
    expect(r.status).toBe(0);
    const vertices = Object.values(JSON.parse(r.stdout).graph.nodes) as { metadata: { type: string; name: string } }[];
    const { cores, sockets } = lscpuEpyc();
    expect(vertices.filter((v) => v.metadata.type === "core").length).toBe(cores);
    expect(vertices.filter((v) => v.metadata.type === "socket").length).toBe(sockets);
    expect(vertices.find((v) => v.metadata.type === "node")?.metadata.name).toBe("node-1");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

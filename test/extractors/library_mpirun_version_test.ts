import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseMpirunVersion } from "../../src/extractors/library/mpirun_version.ts";
import { FIXTURES } from "../util/fixtures.ts";

const OUTPUTS = path.join(FIXTURES, "mpi", "outputs");
const files = fs.readdirSync(OUTPUTS).filter((f) => f.endsWith(".txt")).sort();

describe("parseMpirunVersion on captured tool outputs", () => {
  test("there is a fixture for every implementation", () => {
    const variants = new Set(files.map((f) => f.split("_")[0]));
    for (const v of ["OpenMPI", "mpich", "intel-mpi", "mvapich", "cray-mpich", "unrecognized"]) {
      expect(variants.has(v)).toBe(true);
    }
  });

  for (const file of files) {
    const text = fs.readFileSync(path.join(OUTPUTS, file), "utf8");
    const [variant, version] = file.slice(0, -".txt".length).split("_");
    test(file, () => {
      const info = parseMpirunVersion(text);
      if (variant === "unrecognized") {
        expect(info).toBeUndefined();
        return;
      }
      expect(info?.variant).toBe(variant as never);
      expect(info?.version).toBe(version!);
      // the version really is in the output, not invented
      expect(text).toContain(version!);
    });
  }

  test("Cray's string also gives the ANL MPICH base", () => {
    const file = files.find((f) => f.startsWith("cray-mpich_"))!;
    const text = fs.readFileSync(path.join(OUTPUTS, file), "utf8");
    const base = /ANL base (\S+)\)/.exec(text)![1];
    expect(parseMpirunVersion(text)?.mpichVersion).toBe(base);
  });

  test("MPICH's Hydra block with Windows line endings still parses", () => {
    const text = fs.readFileSync(path.join(OUTPUTS, "mpich_4.0.2_mpirun.txt"), "utf8").replaceAll("\n", "\r\n");
    expect(parseMpirunVersion(text)).toEqual({ variant: "mpich", version: "4.0.2" });
  });

  test("a Cray build's mpichversion: Cray version from its prefix, MPICH's as the base", () => {
    const text = "MPICH Version:\t3.4a2\nMPICH Device:\tch4:ofi\nMPICH configure:\t--prefix=/opt/cray/pe/mpich/8.1.27/ofi/gnu/12.3\n";
    expect(parseMpirunVersion(text)).toEqual({ variant: "cray-mpich", version: "8.1.27", mpichVersion: "3.4a2" });
  });

  test("ompi_info's full listing and a stray 'Version:' line", () => {
    expect(parseMpirunVersion("                 Package: Debian OpenMPI\n                Open MPI: 4.1.4\n")).toEqual({
      variant: "OpenMPI",
      version: "4.1.4",
    });
    expect(parseMpirunVersion("my-wrapper\nVersion: 1.0\n")).toBeUndefined();
  });

  test("empty output names nothing", () => {
    expect(parseMpirunVersion("")).toBeUndefined();
  });

  test("never throws, and any answer has a known variant", () => {
    const known = new Set(["OpenMPI", "mpich", "intel-mpi", "mvapich", "cray-mpich"]);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const info = parseMpirunVersion(s);
        return info === undefined || (known.has(info.variant) && !/\s/.test(info.version));
      }),
      { numRuns: 500 },
    );
  });
});

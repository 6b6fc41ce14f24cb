import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { discoverMpiSection } from "../../src/extractors/library/mpi_discover.ts";
import { parseDefines, parseMpiHeader } from "../../src/extractors/library/mpi_header.ts";
import { compareVersions } from "../../src/extractors/library/mpi_locations.ts";
import { DirectoryHost } from "../../src/host/directory_host.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { corpusNames, FIXTURES, unpackedRoot } from "../util/fixtures.ts";

const ROOTS = path.join(FIXTURES, "mpi", "roots");
const expected: Record<string, Record<string, string>> = JSON.parse(
  fs.readFileSync(path.join(ROOTS, "expected.json"), "utf8"),
);

describe("parseMpiHeader", () => {
  test("reads quoted and numeric defines, ignoring trailing comments", async () => {
    const d = parseDefines('#define MPICH_VERSION "4.1.2"\n#  define MPI_VERSION 4 /* the standard */\n#define X\n');
    expect(d.get("MPICH_VERSION")).toBe("4.1.2");
    expect(d.get("MPI_VERSION")).toBe("4");
  });

  test("Intel MPI and MVAPICH win over the MPICH_VERSION they also define", async () => {
    const mv = fs.readFileSync(path.join(ROOTS, "mvapich2/opt/mvapich2/include/mpi.h"), "utf8");
    expect(mv).toContain("MPICH_VERSION");
    expect(parseMpiHeader(mv)?.variant).toBe("mvapich");
    expect(parseMpiHeader('#define MPICH_VERSION "3.4a2"\n#define I_MPI_VERSION "2021.10.0"\n')?.variant).toBe("intel-mpi");
  });

  test("a header without an implementation's defines names nothing", async () => {
    expect(parseMpiHeader("#define MPI_VERSION 3\n#define MPI_SUBVERSION 1\n")).toBeUndefined();
    expect(parseMpiHeader("")).toBeUndefined();
  });

  test("versions compare numerically", async () => {
    expect(["8.1.9", "8.1.27", "8.0.16"].sort(compareVersions)).toEqual(["8.0.16", "8.1.9", "8.1.27"]);
  });
});

describe("library[mpi] from headers in a saved root", () => {
  for (const name of Object.keys(expected)) {
    test(name, async () => {
      const host = new DirectoryHost(path.join(ROOTS, name));
      const section = discoverMpiSection({ host, env: {} });
      const want = expected[name]!;
      if (Object.keys(want).length === 0) {
        expect(section).toEqual({});
        return;
      }
      expect(section).toEqual({ ...want, source: "mpi.h" });
      // the reported header is real and holds the reported version (Cray's is in its path)
      const header = fs.readFileSync(path.join(ROOTS, name, want.path!), "utf8");
      if (want.variant === "OpenMPI") {
        const part = (n: string) => new RegExp(`#define OMPI_${n}_VERSION (\\d+)`).exec(header)![1];
        expect(want.version).toBe(`${part("MAJOR")}.${part("MINOR")}.${part("RELEASE")}`);
      } else {
        expect(header + want.path).toContain(want.version!);
      }
    });
  }

  test("--root runs nothing and reads the header (via the CLI)", async () => {
    const r = await runInProcess(["extract", "--name", "library", "--root", path.join(ROOTS, "mvapich2")]);
    expect(r.status).toBe(0);
    const mpi = JSON.parse(r.stdout).results.library.sections.mpi;
    expect(mpi.variant).toBe(expected.mvapich2!.variant!);
    expect(mpi.version).toBe(expected.mvapich2!.version!);
  });

  test("the lscpu corpus machines have no MPI: empty section, no failure", async () => {
    for (const name of corpusNames()) {
      const host = new DirectoryHost(unpackedRoot(name));
      expect(discoverMpiSection({ host, env: {} })).toEqual({});
    }
  });
});

/**
 * Identifying an MPI implementation from its `mpi.h`, for machines where no
 * launcher is on PATH (or for a saved root, where nothing can be run).
 *
 * @module
 */
import type { MpiInfo } from "./mpi_info.ts";

/** `#define NAME value` lines of a C header (value with surrounding quotes removed). */
export function parseDefines(text: string): Map<string, string> {
  const defines = new Map<string, string>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+([^\n]*?)[ \t]*(?:\/\*.*|\/\/.*)?$/gm)) {
    let value = m[2]!;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!defines.has(m[1]!)) defines.set(m[1]!, value); // first definition wins (later ones sit in #else branches)
  }
  return defines;
}

/**
 * Identify the implementation that installed an `mpi.h`: Open MPI
 * (`OMPI_MAJOR_VERSION` …), Intel MPI (`I_MPI_VERSION`), MVAPICH
 * (`MVAPICH2_VERSION` / `MVAPICH_VERSION`) or MPICH (`MPICH_VERSION`; Intel MPI
 * and MVAPICH define it too, so it is checked last). Cray MPICH's header is
 * MPICH's: the caller tells it apart by where it lives. `undefined` when the
 * header names none of them.
 */
export function parseMpiHeader(text: string): MpiInfo | undefined {
  const d = parseDefines(text);
  const standard = d.has("MPI_VERSION") && d.has("MPI_SUBVERSION")
    ? `${d.get("MPI_VERSION")}.${d.get("MPI_SUBVERSION")}`
    : undefined;
  const withStandard = (info: MpiInfo): MpiInfo => (standard !== undefined ? { ...info, standard } : info);
  const mpich = d.get("MPICH_VERSION");
  const major = d.get("OMPI_MAJOR_VERSION");
  if (major !== undefined && /^\d+$/.test(major)) {
    const parts = [major, d.get("OMPI_MINOR_VERSION"), d.get("OMPI_RELEASE_VERSION")].filter((p) => p !== undefined);
    return withStandard({ variant: "OpenMPI", version: parts.join(".") });
  }
  const intel = d.get("I_MPI_VERSION");
  if (intel !== undefined) return withStandard({ variant: "intel-mpi", version: intel });
  const mvapich = d.get("MVAPICH2_VERSION") ?? d.get("MVAPICH_VERSION");
  if (mvapich !== undefined) {
    const info: MpiInfo = { variant: "mvapich", version: mvapich };
    if (mpich !== undefined) info.mpichVersion = mpich;
    return withStandard(info);
  }
  if (mpich !== undefined) return withStandard({ variant: "mpich", version: mpich });
  return undefined;
}

/**
 * Parsing what MPI launchers and tools print about their version: `mpirun
 * --version` (Open MPI, Hydra-based MPICH / MVAPICH / Intel MPI), `mpichversion`,
 * `ompi_info --version`, MVAPICH's `mpiname -a`, and Cray MPICH's library
 * version string (`MPI_Get_library_version`).
 *
 * @module
 */
import type { MpiInfo } from "./mpi_info.ts";

const CRAY = /CRAY MPICH version\s+([0-9][0-9A-Za-z.]*)(?:\s*\(ANL base\s+([^)\s]+)\))?/i;
// Intel(R) MPI Library for Linux* OS, Version 2021.10 Build 20230619 (id: c2e19c2f3e)
const INTEL = /Intel\(R\) MPI Library\b[^\n]*?\bVersion\s+([0-9][^\s,]*)/;
// mpirun (Open MPI) 4.1.5  |  mpirun.openmpi (OpenRTE) 4.1.4 (Open MPI ≤ 4 called by another name)
// |  Open MPI v4.1.4 (ompi_info --version)  |  "Open MPI: 4.1.4" (ompi_info)
const OPEN_MPI = /\((?:Open MPI|OpenRTE)\)\s+v?([0-9][^\s]*)|\bOpen MPI:?\s+v?([0-9][^\s]*)/;
// MVAPICH2 2.3.7 Wed March 02 22:00:00 EST 2022 ch3:mrail   (mpiname -a)
const MVAPICH_NAME = /^\s*MVAPICH2?(?:-[A-Za-z]+)?\s+([0-9][0-9A-Za-z.]*)/im;
// Hydra's "    Version:    4.1.2" and mpichversion's "MPICH Version:    	4.0.2"
const HYDRA_VERSION = /^\s*(?:MPICH\s+)?Version:\s*(\S+)/m;
// Only MPICH-family tools print that block; a bare "Version:" elsewhere says nothing.
const MPICH_FAMILY = /HYDRA build details|^\s*MPICH Version:/m;
// A Cray MPICH install path, e.g. /opt/cray/pe/mpich/8.1.27/ofi/gnu/12.3
const CRAY_PATH = /\/opt\/cray\/pe\/mpich\/([0-9][^/\s']*)/;

/**
 * Identify an MPI implementation from a tool's version output; `undefined`
 * when the text is not one we recognise (an `mpirun` that is a wrapper script,
 * an error message …).
 *
 * Order matters: Cray, Intel and MVAPICH builds also print MPICH-style lines,
 * so the specific ones are checked first.
 */
export function parseMpirunVersion(text: string): MpiInfo | undefined {
  const cray = CRAY.exec(text);
  if (cray) {
    const info: MpiInfo = { variant: "cray-mpich", version: cray[1]! };
    if (cray[2]) info.mpichVersion = cray[2];
    return info;
  }
  const intel = INTEL.exec(text);
  if (intel) return { variant: "intel-mpi", version: intel[1]! };
  const ompi = OPEN_MPI.exec(text);
  if (ompi) return { variant: "OpenMPI", version: (ompi[1] ?? ompi[2])! };
  const mvapichName = MVAPICH_NAME.exec(text);
  if (mvapichName) return { variant: "mvapich", version: mvapichName[1]! };
  const hydra = MPICH_FAMILY.test(text) ? HYDRA_VERSION.exec(text) : null;
  if (hydra) {
    // MVAPICH's and Cray's builds print the same block as MPICH's; their configure lines give them away.
    if (/mvapich/i.test(text)) return { variant: "mvapich", version: hydra[1]! };
    const crayPath = CRAY_PATH.exec(text);
    if (crayPath) return { variant: "cray-mpich", version: crayPath[1]!, mpichVersion: hydra[1]! };
    return { variant: "mpich", version: hydra[1]! };
  }
  return undefined;
}

/**
 * The `library` extractor: installed libraries a job needs. `mpi` names the MPI
 * implementation (Open MPI, MPICH, Intel MPI, MVAPICH, Cray MPICH) and version,
 * from `mpirun --version` when it is on PATH, else from the headers.
 *
 * @module
 */
import type { Extractor } from "../types.ts";
import { discoverMpiSection } from "./mpi_discover.ts";

/** Installed libraries: MPI. */
export const libraryExtractor: Extractor = {
  name: "library",
  description: "installed libraries a job needs (MPI implementation and version)",
  sections: [{
    name: "mpi",
    description: "MPI variant (OpenMPI, mpich, intel-mpi, mvapich, cray-mpich) and version",
    discover: discoverMpiSection,
  }],
};

/** The `library` extractor (issue 3). @module */
import { ExtractError, type Extractor } from "../types.ts";

/** Installed libraries: MPI. */
export const libraryExtractor: Extractor = {
  name: "library",
  description: "installed libraries a job needs (MPI implementation and version)",
  sections: [{ name: "mpi", description: "MPI variant (OpenMPI, mpich, intel-mpi, mvapich, cray-mpich) and version" }],
  discover(_ctx, section) {
    throw new ExtractError(`library[${section}] is not implemented yet`);
  },
};

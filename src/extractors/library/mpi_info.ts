/**
 * What the `library[mpi]` section says about an MPI implementation.
 *
 * @module
 */

/**
 * MPI implementations compspec names. `OpenMPI`, `intel-mpi` and `mpich` are
 * compspec-go's words; `mvapich` and `cray-mpich` are ours (compspec-go called
 * both `mpich`).
 */
export type MpiVariant = "OpenMPI" | "intel-mpi" | "mpich" | "mvapich" | "cray-mpich";

/** An identified MPI implementation. */
export interface MpiInfo {
  /** Which implementation. */
  variant: MpiVariant;
  /** Its own version (`4.1.5`, `2021.10`, `8.1.27.26`); `""` when only the variant is known. */
  version: string;
  /** Version of the MPICH it is based on (Cray MPICH's "ANL base", an MVAPICH's MPICH), when known. */
  mpichVersion?: string;
  /** MPI standard version the headers declare (`MPI_VERSION.MPI_SUBVERSION`, e.g. `3.1`). */
  standard?: string;
}

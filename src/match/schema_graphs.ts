/**
 * The compspec schema graphs `match` needs, as compspec's own data: which
 * attribute keys each namespace defines (facts from the `compspec/schemas`
 * repository's graphs; re-typed here, since that repository carries no
 * licence, and without its dangling `hardware.gpu.version` edge). compspec-go
 * fetches these over the network at every run (and one URL is gone upstream);
 * `match` never fetches a schema: it knows them by namespace and URL.
 *
 * @module
 */

/** A schema graph: its id (the namespace) and its attribute keys, relative to the namespace. */
export interface SchemaGraph {
  id: string;
  /** Keys, parents before children (`mpi`, `mpi.version`, …). */
  keys: readonly string[];
}

const MPI = ["mpi", "mpi.implementation", "mpi.version", "mpi.portability", "mpi.portability.optimization", "mpi.portability.mode"];
const OS = ["os", "os.name", "os.release", "os.vendor", "os.version"];
const HARDWARE = [
  "hardware",
  "hardware.gpu",
  "hardware.gpu.enabled",
  "hardware.gpu.driver",
  "hardware.gpu.driver.version",
  "hardware.gpu.architecture",
  "hardware.gpu.cuda",
  "hardware.gpu.cuda.version",
];

/** Every graph compspec knows, by id. */
export const SCHEMA_GRAPHS: ReadonlyMap<string, SchemaGraph> = new Map(
  [
    { id: "io.archspec", keys: ["cpu", "cpu.family", "cpu.model", "cpu.target", "cpu.vendor"] },
    // The single graph compspec-go's example artifacts name (supercontainers/compspec @ 204a4b9).
    { id: "org.supercontainers", keys: [...MPI, ...OS, ...HARDWARE, "communication", "communication.framework"] },
    // Its split successors (compspec/schemas since 6d98cb3).
    { id: "hardware", keys: HARDWARE },
    { id: "mpi", keys: MPI },
    { id: "network", keys: ["network", "network.communication", "network.communication.framework"] },
    { id: "os", keys: OS },
  ].map((g) => [g.id, g]),
);

/** Schema folder names in the schema repositories → graph id. */
const FOLDERS: Record<string, string> = {
  archspec: "io.archspec",
  supercontainers: "org.supercontainers",
  hardware: "hardware",
  mpi: "mpi",
  network: "network",
  os: "os",
};

/**
 * The graph a `metadata.schemas` entry names: by its URL when it is one of the
 * schema repositories' `<folder>/compspec.json` files, else by its namespace key.
 */
export function graphFor(namespace: string, url: string): SchemaGraph | undefined {
  const m = /\/(?:supercontainers\/compspec|compspec\/schemas|compspec\/compspec)\/[^/]+\/([a-z]+)\/compspec\.json$/.exec(url);
  const byUrl = m ? FOLDERS[m[1]!] : undefined;
  return SCHEMA_GRAPHS.get(byUrl ?? namespace);
}

/** The ids of every graph compspec ships, for messages. */
export function knownGraphIds(): string {
  return [...SCHEMA_GRAPHS.keys()].join(", ");
}

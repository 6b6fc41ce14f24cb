/**
 * Where MPI implementations put `mpi.h`: directories named by the environment
 * (module systems set these), distribution paths, and the usual /opt trees.
 *
 * @module
 */
import { type Host, resolveMachinePath } from "../../host/host.ts";

/** A header to look at, and what its location already tells us. */
export interface HeaderCandidate {
  /** Machine path of an `mpi.h`. */
  path: string;
  /** Set when the header belongs to Cray MPICH; the Cray version when known, else `""`. */
  crayVersion?: string;
}

/** Environment variables naming an MPI installation prefix, in the order they are trusted. */
export const MPI_PREFIX_VARIABLES = ["I_MPI_ROOT", "MPI_HOME", "MPI_ROOT", "MPICH_DIR", "MPICH_HOME"] as const;

/** Multiarch triplets Debian and Ubuntu install headers under. */
const TRIPLETS = [
  "x86_64-linux-gnu",
  "aarch64-linux-gnu",
  "powerpc64le-linux-gnu",
  "s390x-linux-gnu",
  "riscv64-linux-gnu",
  "loongarch64-linux-gnu",
];

/** Fixed header locations of distribution packages, most common first. */
export function distributionHeaders(): string[] {
  const out = ["/usr/include/mpi.h", "/usr/local/include/mpi.h"];
  for (const t of TRIPLETS) {
    out.push(
      `/usr/include/${t}/mpi/mpi.h`, // Debian's default-MPI alternative
      `/usr/lib/${t}/openmpi/include/mpi.h`,
      `/usr/include/${t}/openmpi/mpi.h`,
      `/usr/include/${t}/mpich/mpi.h`,
    );
  }
  for (const arch of ["x86_64", "aarch64", "ppc64le", "s390x"]) {
    out.push(`/usr/include/openmpi-${arch}/mpi.h`, `/usr/include/mpich-${arch}/mpi.h`); // Fedora / RHEL
  }
  out.push(
    "/usr/include/openmpi/mpi.h",
    "/usr/include/mpich/mpi.h",
    "/usr/lib64/openmpi/include/mpi.h",
    "/usr/lib64/mpich/include/mpi.h",
    "/usr/lib64/mvapich2/include/mpi.h",
    "/usr/lib/openmpi/include/mpi.h",
    "/usr/lib/mpich/include/mpi.h",
  );
  return out;
}

/** The Cray MPICH version in a path under /opt/cray/pe/mpich/<version>/…, if any. */
export function crayVersionFromPath(path: string): string | undefined {
  return /\/opt\/cray\/pe\/mpich\/([0-9][^/]*)/.exec(path)?.[1];
}

/**
 * Every `mpi.h` worth looking at, in order: the environment's (Cray first, as the
 * module system's choice), Debian's alternatives, distribution paths, then /opt
 * (Intel oneAPI, Cray PE, /opt/<openmpi|mpich|mvapich…>). Only cheap directory
 * listings are used; nothing is searched recursively.
 */
export function headerCandidates(host: Host, env: Readonly<Record<string, string | undefined>>): HeaderCandidate[] {
  const out: HeaderCandidate[] = [];
  const cray = env.CRAY_MPICH_DIR;
  if (cray) {
    out.push({
      path: `${trimSlash(cray)}/include/mpi.h`,
      crayVersion: env.CRAY_MPICH_VERSION ?? crayVersionFromPath(cray) ?? "",
    });
  }
  for (const name of MPI_PREFIX_VARIABLES) {
    const prefix = env[name];
    if (!prefix || !prefix.startsWith("/")) continue;
    out.push({ path: `${trimSlash(prefix)}/include/mpi.h` });
    if (name === "I_MPI_ROOT") out.push({ path: `${trimSlash(prefix)}/intel64/include/mpi.h` }); // Intel MPI 2019 layout
  }
  for (const link of ["/etc/alternatives/mpi", ...TRIPLETS.map((t) => `/etc/alternatives/mpi-${t}`)]) {
    const target = host.readLink(link);
    if (target !== undefined) out.push({ path: `${resolveMachinePath(link, target)}/mpi.h` });
  }
  for (const path of distributionHeaders()) out.push({ path });
  const oneapi = newestEntry(host, "/opt/intel/oneapi/mpi");
  if (oneapi !== undefined) out.push({ path: `${oneapi}/include/mpi.h` });
  const crayPe = newestEntry(host, "/opt/cray/pe/mpich");
  if (crayPe !== undefined) {
    const version = crayVersionFromPath(crayPe) ?? "";
    // /opt/cray/pe/mpich/<v>/ofi/<compiler>/<compiler version>/include/mpi.h
    const compiler = firstEntry(host, `${crayPe}/ofi`);
    const compilerVersion = compiler && firstEntry(host, compiler);
    out.push({ path: `${compilerVersion ?? `${crayPe}/ofi`}/include/mpi.h`, crayVersion: version });
  }
  for (const name of safeList(host, "/opt")) {
    if (/^(openmpi|ompi|mpich|mvapich|impi|intel-?mpi|hpcx)/i.test(name)) out.push({ path: `/opt/${name}/include/mpi.h` });
  }
  return out;
}

/**
 * `dir/latest` or `dir/default` (resolved), else the entry with the highest
 * version-like name; `undefined` when `dir` has none.
 */
export function newestEntry(host: Host, dir: string): string | undefined {
  const names = safeList(host, dir);
  if (names.length === 0) return undefined;
  for (const alias of ["latest", "default"]) {
    if (!names.includes(alias)) continue;
    const target = host.readLink(`${dir}/${alias}`);
    return target === undefined ? `${dir}/${alias}` : resolveMachinePath(`${dir}/${alias}`, target);
  }
  const versions = names.filter((n) => /^\d/.test(n)).sort(compareVersions);
  const newest = versions[versions.length - 1];
  return newest === undefined ? undefined : `${dir}/${newest}`;
}

/** Compare dotted version strings numerically, component by component (`8.1.9` < `8.1.27`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    const nx = Number.parseInt(x, 10);
    const ny = Number.parseInt(y, 10);
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function firstEntry(host: Host, dir: string): string | undefined {
  const first = safeList(host, dir)[0];
  return first === undefined ? undefined : `${dir}/${first}`;
}

function safeList(host: Host, dir: string): string[] {
  try {
    return host.listDir(dir) ?? [];
  } catch {
    return []; // an unreadable /opt subtree means "not found", never a failure
  }
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.replace(/\/+$/, "") : path;
}

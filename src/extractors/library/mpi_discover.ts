/**
 * Finding the MPI implementation of a machine: ask its launcher first (what a
 * job will actually run), then read headers where MPI installs them. Never
 * fails: no MPI is an empty section.
 *
 * @module
 */
import { findOnPath } from "../../host/command.ts";
import type { Host } from "../../host/host.ts";
import { readOptional } from "../common/optional_read.ts";
import type { DiscoverContext, Section } from "../types.ts";
import { parseMpiHeader } from "./mpi_header.ts";
import type { MpiInfo } from "./mpi_info.ts";
import { crayVersionFromPath, headerCandidates, MPI_PREFIX_VARIABLES } from "./mpi_locations.ts";
import { parseMpirunVersion } from "./mpirun_version.ts";
import { MPI_KEY } from "../../node/vocabulary.ts";

/** How long one helper program may run before it is killed. */
export const MPI_COMMAND_TIMEOUT_MS = 3000;

/** Environment variable that overrides {@linkcode MPI_COMMAND_TIMEOUT_MS} (milliseconds; for tests and slow nodes). */
export const TIMEOUT_VARIABLE = "COMPSPEC_COMMAND_TIMEOUT_MS";

/** An identified implementation and how it was found. */
export interface MpiFinding extends MpiInfo {
  /** What told us: `mpirun --version`, `mpichversion`, `ompi_info --version`, `mpiname -a` or `mpi.h`. */
  source: string;
  /** The program run or the header read. */
  path: string;
}

/**
 * The `library[mpi]` section: `variant`, `version` (compspec-go's keys), plus
 * `source`, `path` and, when known, `mpich_version` and `standard`.
 * `{}` when no MPI is found.
 */
export function discoverMpiSection(ctx: DiscoverContext): Section {
  const found = discoverMpi(ctx);
  if (found === undefined) return {};
  const out: Section = { [MPI_KEY.variant]: found.variant, [MPI_KEY.version]: found.version, source: found.source, path: found.path };
  if (found.mpichVersion !== undefined) out.mpich_version = found.mpichVersion;
  if (found.standard !== undefined) out.standard = found.standard;
  return out;
}

/** Find the machine's MPI: launchers (live host only), then headers. */
export function discoverMpi(ctx: DiscoverContext): MpiFinding | undefined {
  return fromCommands(ctx) ?? fromHeaders(ctx.host, ctx.env);
}

/** The helper timeout from the environment, or the default. */
export function commandTimeout(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[TIMEOUT_VARIABLE];
  const ms = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(ms) && ms > 0 ? ms : MPI_COMMAND_TIMEOUT_MS;
}

function fromCommands(ctx: DiscoverContext): MpiFinding | undefined {
  const run = ctx.run;
  if (run === undefined) return undefined;
  const timeoutMs = commandTimeout(ctx.env);
  let hung = false; // after one program hangs, run no more: the next may hang too
  const ask = (program: string, args: string[]): MpiFinding | undefined => {
    if (hung) return undefined;
    const exe = findOnPath(program, ctx.env.PATH);
    if (exe === undefined) return undefined;
    const r = run([exe, ...args], timeoutMs);
    if (r === undefined) return undefined;
    if (r.timedOut) {
      hung = true;
      return undefined;
    }
    const info = parseMpirunVersion(`${r.stdout}\n${r.stderr}`);
    const name = program.slice(program.lastIndexOf("/") + 1);
    return info && { ...info, source: [name, ...args].join(" "), path: exe };
  };
  let found = ask("mpirun", ["--version"]);
  if (found?.variant === "mpich") {
    // MVAPICH2's Hydra can look like MPICH's; its own tool settles it.
    const mvapich = ask("mpiname", ["-a"]);
    if (mvapich?.variant === "mvapich") found = { ...mvapich, mpichVersion: found.version };
  }
  found ??= ask("mpichversion", []) ?? ask("ompi_info", ["--version"]);
  // Launchers of installations the environment names but PATH lacks.
  for (const name of ["CRAY_MPICH_DIR", ...MPI_PREFIX_VARIABLES]) {
    if (found !== undefined) break;
    const prefix = ctx.env[name];
    if (prefix && prefix.startsWith("/")) found = ask(`${prefix.replace(/\/+$/, "")}/bin/mpirun`, ["--version"]);
  }
  return found;
}

function fromHeaders(host: Host, env: Readonly<Record<string, string | undefined>>): MpiFinding | undefined {
  for (const candidate of headerCandidates(host, env)) {
    const text = readOptional(host, candidate.path);
    if (text === undefined) continue; // missing, unreadable or a directory: not this one
    const info = parseMpiHeader(text);
    if (info === undefined) continue;
    const crayVersion = candidate.crayVersion ?? crayVersionFromPath(candidate.path);
    if (crayVersion !== undefined && (info.variant === "mpich" || info.variant === "cray-mpich")) {
      const cray: MpiFinding = { variant: "cray-mpich", version: crayVersion, source: "mpi.h", path: candidate.path };
      if (info.version) cray.mpichVersion = info.version;
      if (info.standard) cray.standard = info.standard;
      return cray;
    }
    return { ...info, source: "mpi.h", path: candidate.path };
  }
  return undefined;
}

/**
 * Kernel modules from /sys/module: each module's version and parameters.
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { listOptional, readTrimmed } from "../common/optional_read.ts";
import { ExtractError, type Section } from "../types.ts";
import { kernelRelease } from "./config.ts";

/** The kernel's directory of modules (loaded ones and built-in ones with parameters). */
export const SYS_MODULE = "/sys/module";

/**
 * Read /sys/module as compspec-go names it: `module.<name>` = the module's
 * version (its `version` file; the kernel release for in-tree modules, which
 * have none, as compspec-go does; `""` when that is unknown too), and
 * `module.<name>.parameter.<p>` = the trimmed content of
 * `parameters/<p>`. Parameter files that cannot be read (many are root-only)
 * are skipped; a missing /sys/module is an {@linkcode ExtractError}.
 */
export function readKernelModules(host: Host): Section {
  const names = host.listDir(SYS_MODULE);
  if (names === undefined) throw new ExtractError(`${SYS_MODULE} does not exist`, SYS_MODULE);
  const release = kernelRelease(host) ?? "";
  const out: Section = {};
  for (const name of names) {
    const dir = `${SYS_MODULE}/${name}`;
    if (!host.isDirectory(dir)) continue;
    out[`module.${name}`] = readTrimmed(host, `${dir}/version`) ?? release;
    // An unreadable parameters directory hides only its parameters.
    for (const param of listOptional(host, `${dir}/parameters`) ?? []) {
      const value = readTrimmed(host, `${dir}/parameters/${param}`);
      if (value !== undefined) out[`module.${name}.parameter.${param}`] = value;
    }
  }
  return out;
}

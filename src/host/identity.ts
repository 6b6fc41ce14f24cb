/**
 * Who a host is: its hostname, from /proc/sys/kernel/hostname (the kernel's
 * answer), else `os.hostname()` on the running machine, else /etc/hostname.
 *
 * @module
 */
import { nodeOs } from "../util/lazy_builtins.ts";
import type { Host } from "./host.ts";

/** The host's name, or `undefined` when a saved root does not record one. */
export function detectHostname(host: Host): string | undefined {
  // /proc/sys/kernel/hostname is the kernel's own answer (uname's nodename, per UTS
  // namespace), so reading it first is the same answer as os.hostname() on a live host.
  const fromKernel = firstLine(host, "/proc/sys/kernel/hostname");
  if (fromKernel) return fromKernel;
  if (host.live) {
    const name = nodeOs().hostname().trim();
    if (name !== "") return name;
  }
  return firstLine(host, "/etc/hostname");
}

function firstLine(host: Host, path: string): string | undefined {
  try {
    return host.tryReadText(path)?.split("\n")[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

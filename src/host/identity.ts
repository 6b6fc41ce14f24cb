/**
 * Who a host is: its hostname. For the running machine the kernel answers
 * (`node:os`); for a saved root, its /proc/sys/kernel/hostname or /etc/hostname.
 *
 * @module
 */
import * as os from "node:os";
import type { Host } from "./host.ts";

/** The host's name, or `undefined` when a saved root does not record one. */
export function detectHostname(host: Host): string | undefined {
  if (host.live) {
    const name = os.hostname().trim();
    if (name !== "") return name;
  }
  for (const path of ["/proc/sys/kernel/hostname", "/etc/hostname"]) {
    let text: string | undefined;
    try {
      text = host.tryReadText(path);
    } catch {
      continue;
    }
    const name = text?.split("\n")[0]?.trim();
    if (name) return name;
  }
  return undefined;
}

/**
 * The embedded PCI ID subset (src/extractors/system/data/pci_ids.ts) is what
 * scripts/pci_ids.ts makes of the pci.ids release its header names: checked
 * against /usr/share/misc/pci.ids when that very release is installed.
 */
import { expect, test } from "bun:test";
import * as fs from "node:fs";
import { PCI_IDS_MODULE, pciIdsModule } from "../../scripts/pci_ids.ts";

const SYSTEM = "/usr/share/misc/pci.ids";
const embedded = fs.readFileSync(PCI_IDS_MODULE, "utf8");
const version = /pci\.ids \(Version: ([^,]+),/.exec(embedded)?.[1];
const installed = fs.existsSync(SYSTEM) ? fs.readFileSync(SYSTEM, "utf8") : undefined;
const sameRelease = installed !== undefined && new RegExp(`^#\\s+Version:\\s+${version}\\s*$`, "m").test(installed);

if (!sameRelease) console.log(`system_pci_ids_test: SKIP regeneration check: ${SYSTEM} is not pci.ids ${version}`);

test.skipIf(!sameRelease)("the embedded subset is the script's output for the pci.ids release it names", () => {
  const { module, devices } = pciIdsModule(installed!);
  expect(module).toBe(embedded);
  expect(devices).toBeGreaterThan(2000);
});

test("the subset is small and holds GPU vendors only", () => {
  expect(embedded.length).toBeLessThan(100_000);
  expect([...embedded.matchAll(/=([0-9a-f]{4})\\n/g)].map((m) => m[1])).toEqual(["1002", "10de", "8086"]);
});

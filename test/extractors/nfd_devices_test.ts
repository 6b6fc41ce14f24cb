import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { pciAttribute } from "../../src/extractors/nfd/pci.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { nfdRoot, nfdSection } from "./nfd_util.ts";

describe("nfd[network]", () => {
  test("physical (device link) and virtual interfaces, byte-wise order, unreadable values left out", async () => {
    expect(nfdSection(nfdRoot("intel-2s"), "network")).toEqual({
      "device.0.name": "eno1",
      "device.0.operstate": "up",
      "device.0.speed": "25000",
      "device.0.sriov_numvfs": "0",
      "device.0.sriov_totalvfs": "64",
      "device.1.name": "eth10", // eth10 < eth2
      "device.1.operstate": "down",
      "device.2.name": "eth2",
      "device.2.operstate": "up",
      "device.2.speed": "1000",
      "virtual.0.name": "docker0",
      "virtual.0.operstate": "down",
      "virtual.1.name": "lo",
      "virtual.1.operstate": "unknown",
    });
  });
});

describe("nfd[pci]", () => {
  test("devices in address order; one without subsystem_device is skipped without a gap", async () => {
    const root = nfdRoot("intel-2s");
    expect(fs.existsSync(path.join(root, "sys/bus/pci/devices/0000:18:00.0/subsystem_device"))).toBe(false);
    expect(nfdSection(root, "pci")).toEqual({
      "device.0.class": "0600",
      "device.0.vendor": "8086",
      "device.0.device": "09a2",
      "device.0.subsystem_vendor": "8086",
      "device.0.subsystem_device": "0000",
      "device.0.iommu_group/type": "DMA-FQ",
      "device.0.iommu/intel-iommu/version": "1:0",
      "device.1.class": "0200",
      "device.1.vendor": "15b3",
      "device.1.device": "101d",
      "device.1.subsystem_vendor": "15b3",
      "device.1.subsystem_device": "0047",
      "device.1.sriov_totalvfs": "16",
      "device.2.class": "0302",
      "device.2.vendor": "10de",
      "device.2.device": "20b5",
      "device.2.subsystem_vendor": "10de",
      "device.2.subsystem_device": "1533",
    });
  });

  test("attribute values: 0x stripped, class cut to 4", async () => {
    expect(pciAttribute("class", "0x030000\n")).toBe("0300");
    expect(pciAttribute("vendor", "0x10de\n")).toBe("10de");
    expect(pciAttribute("sriov_totalvfs", "8\n")).toBe("8");
  });
});

describe("nfd[storage]", () => {
  test("block devices with queue attributes", async () => {
    expect(nfdSection(nfdRoot("intel-2s"), "storage")).toEqual({
      "block.0.name": "dm-0",
      "block.0.rotational": "0",
      "block.1.name": "nvme0n1",
      "block.1.dax": "0",
      "block.1.rotational": "0",
      "block.1.nr_zones": "0",
      "block.1.zoned": "none",
      "block.2.name": "sda",
      "block.2.dax": "0",
      "block.2.rotational": "1",
      "block.2.nr_zones": "0",
      "block.2.zoned": "none",
    });
  });
});

describe("nfd[usb]", () => {
  test("class 00 devices expand per interface; interface dirs are not devices", async () => {
    expect(nfdSection(nfdRoot("intel-2s"), "usb")).toEqual({
      "device.0.class": "03", "device.0.vendor": "046d", "device.0.device": "c52b",
      "device.1.class": "03", "device.1.vendor": "046d", "device.1.device": "c52b",
      "device.2.class": "03", "device.2.vendor": "046d", "device.2.device": "c52b",
      "device.3.class": "ef", "device.3.vendor": "0c45", "device.3.device": "6366", "device.3.serial": "SN0001",
      "device.4.class": "09", "device.4.vendor": "1d6b", "device.4.device": "0002", "device.4.serial": "0000:00:14.0",
    });
  });

  test("no USB bus: empty, as NFD's glob", async () => {
    expect(nfdSection(nfdRoot("minimal"), "usb")).toEqual({});
  });
});

describe("missing /sys/class/net, /sys/bus/pci, /sys/block", () => {
  const root = nfdRoot("minimal");
  const args = ["extract", "--root", root, "--name", "nfd[network,pci,storage,usb]"];

  test("without --allow-fail: non-zero exit naming each path", async () => {
    const r = await runInProcess(args);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("/sys/class/net");
    expect(r.stderr).toContain("/sys/bus/pci/devices");
    expect(r.stderr).toContain("/sys/block");
    expect(r.stdout).toBe("");
  });

  test("with --allow-fail: empty sections and a warning each", async () => {
    const r = await runInProcess([...args, "--allow-fail"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results.nfd.sections).toEqual({ network: {}, pci: {}, storage: {}, usb: {} });
    for (const p of ["/sys/class/net", "/sys/bus/pci/devices", "/sys/block"]) expect(r.stderr).toContain(p);
    expect(r.stderr).not.toContain("usb");
  });
});

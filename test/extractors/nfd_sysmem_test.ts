import { describe, expect, test } from "bun:test";
import { parseOsRelease, splitVersionId } from "../../src/extractors/nfd/system.ts";
import { unpackedRoot } from "../util/fixtures.ts";
import { nfdRoot, nfdSection } from "./nfd_util.ts";

describe("nfd[memory]", () => {
  test("numa from /sys/bus/node/devices, nv instances from the nd bus", () => {
    expect(nfdSection(nfdRoot("intel-2s"), "memory")).toEqual({
      "numa.is_numa": "true",
      "numa.node_count": "2",
      "nv.0.name": "namespace0.0",
      "nv.0.devtype": "nd_namespace_pmem",
      "nv.0.mode": "fsdax",
      "nv.1.name": "ndbus0",
      "nv.2.name": "region0",
      "nv.2.devtype": "nd_pmem",
    });
  });

  test("no node directory (no NUMA): no numa keys", () => {
    expect(nfdSection(nfdRoot("minimal"), "memory")).toEqual({});
  });

  test("corpus root with /sys/devices/system/node only (epyc_7451: 8 nodes)", () => {
    expect(nfdSection(unpackedRoot("x86_64-epyc_7451"), "memory")).toEqual({ "numa.is_numa": "true", "numa.node_count": "8" });
  });
});

describe("nfd[system]", () => {
  test("os-release, VERSION_ID parts, DMI vendor, NODE_NAME", () => {
    const s = nfdSection(nfdRoot("intel-2s"), "system", { NODE_NAME: "node17" });
    expect(s).toEqual({
      "name.nodename": "node17",
      "osrelease.PRETTY_NAME": "Ubuntu 22.04.3 LTS",
      "osrelease.NAME": "Ubuntu",
      "osrelease.VERSION_ID": "22.04",
      "osrelease.VERSION_ID.major": "22",
      "osrelease.VERSION_ID.minor": "04",
      "osrelease.VERSION": "22.04.3 LTS (Jammy Jellyfish)",
      "osrelease.VERSION_CODENAME": "jammy",
      "osrelease.ID": "ubuntu",
      "osrelease.ID_LIKE": "debian",
      "osrelease.HOME_URL": "https://www.ubuntu.com/",
      "osrelease.QUOTED_EMPTY": "",
      "dmiid.sys_vendor": "Dell Inc.",
    });
  });

  test("nodename is always present, empty without NODE_NAME", () => {
    const s = nfdSection(nfdRoot("minimal"), "system");
    expect(s["name.nodename"]).toBe("");
    expect(s["osrelease.VERSION_ID.minor"]).toBe("19");
    expect(s["dmiid.sys_vendor"]).toBeUndefined();
  });

  test("parsers", () => {
    expect(parseOsRelease(`A="x"\nB='y'\nC=\n-D=1\nE="it's"\n`)).toEqual({ A: "x", B: "y", E: "it's" });
    expect(splitVersionId("12")).toEqual({ major: "12" });
    expect(splitVersionId("9.3")).toEqual({ major: "9", minor: "3" });
    expect(splitVersionId("rolling")).toEqual({});
  });
});

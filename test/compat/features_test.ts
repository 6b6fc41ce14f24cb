/**
 * NFD features recovered from node-file sections (compspec-go's flattening
 * inverted) and from graph labels; unknown where the data cannot say.
 */
import { describe, expect, test } from "bun:test";
import { featuresFromNfdJson, featuresFromSections } from "../../src/compat/features.ts";
import { featuresFromLabels, LABEL_SECTIONS_KEY, nfdLabels } from "../../src/compat/labels.ts";
import { flattenFeatures } from "../../src/extractors/nfd/flatten.ts";

const cpu = flattenFeatures({
  flags: { cpuid: ["AVX", "AVX2"] },
  attributes: { model: { vendor_id: "Intel", family: "6" }, security: { "sgx.enabled": "true" } },
  instances: {},
});
const pci = flattenFeatures({
  flags: {},
  attributes: {},
  instances: { device: [{ class: "0200", vendor: "8086", "iommu_group/type": "DMA" }, { class: "0300", vendor: "10de" }] },
});
const system = flattenFeatures({ flags: {}, attributes: { osrelease: { ID: "debian", "VERSION_ID.major": "12" } }, instances: {} });
const sections = { cpu, pci, system };
const wanted = ["cpu.cpuid", "cpu.model", "cpu.security", "pci.device", "system.osrelease", "kernel.loadedmodule", "usb.device", "fake.flag", "cpu.sst", "memory.hugepages"];

function check(f: ReturnType<typeof featuresFromSections>) {
  expect([...f.get("cpu.cpuid")!.flags!.names()]).toEqual(["AVX", "AVX2"]);
  expect(f.get("cpu.model")!.attributes!.get("vendor_id")).toBe("Intel");
  expect(f.get("cpu.security")!.attributes!.get("sgx.enabled")).toBe("true");
  const devices = f.get("pci.device")!.instances!;
  expect(devices.length).toBe(2);
  expect(devices[0]!.get("iommu_group/type")).toBe("DMA");
  expect(devices[1]!.get("vendor")).toBe("10de");
  expect(f.get("system.osrelease")!.attributes!.get("VERSION_ID.major")).toBe("12");
  expect(f.get("fake.flag")).toBeUndefined();
  expect(f.unknown("fake.flag")).toBeUndefined(); // not a source compspec has: absent, as in NFD
}

describe("from a node file's nfd sections", () => {
  const f = featuresFromSections(sections, wanted, (s) => `no nfd[${s}]`);
  test("flags, attributes (dotted names) and instances come back", () => check(f));
  test("a section the file lacks makes its features unknown, naming it", () => {
    expect(f.get("kernel.loadedmodule")).toBeUndefined();
    expect(f.unknown("kernel.loadedmodule")).toBe("no nfd[kernel]");
    expect(f.unknown("usb.device")).toBe("no nfd[usb]");
  });
  test("sets no extractor produces are unknown, not absent", () => {
    expect(f.unknown("cpu.sst")).toMatch(/CPUID/);
    expect(f.unknown("memory.hugepages")).toBe("no nfd[memory]"); // its section is missing: that reason comes first
    const withMemory = featuresFromSections({ memory: { "numa.node_count": "1" } }, ["memory.hugepages"], () => "");
    expect(withMemory.unknown("memory.hugepages")).toMatch(/newer NFD/);
  });
  test("NFD's JSON model lower-cases feature names as NFD looks them up", () => {
    const j = featuresFromNfdJson({ flags: { "CPU.cpuid": ["AVX"] }, attributes: {}, instances: {} });
    expect(j.get("cpu.cpuid")!.flags!.has("AVX")).toBe(true);
  });
});

describe("graph labels (create nodes --labels)", () => {
  const labels = nfdLabels({ ...sections, kernel: { "config.NO_HZ": "y", "loadedmodule.vfio_pci": "true" } });
  test("the carried sets become nfd.<source>.<key> attributes; kernel.config is left out", () => {
    expect(labels["nfd.cpu.cpuid.AVX2"]).toBe("true");
    expect(labels["nfd.pci.device.1.vendor"]).toBe("10de");
    expect(labels["nfd.kernel.loadedmodule.vfio_pci"]).toBe("true");
    expect(labels["nfd.kernel.config.NO_HZ"]).toBeUndefined();
    expect(labels[LABEL_SECTIONS_KEY]).toBe("cpu,kernel,pci,system");
  });
  test("and read back as the same features", () => check(featuresFromLabels(labels, wanted)));
  test("what the graph cannot tell is unknown, saying why", () => {
    const f = featuresFromLabels(labels, ["kernel.config", "usb.device", "cpu.cpuid"]);
    expect(f.unknown("kernel.config")).toMatch(/graphs do not carry kernel.config/);
    expect(f.unknown("usb.device")).toMatch(/had no nfd\[usb\] section/);
    const none = featuresFromLabels({ "org.supercontainers.os.name": "x" }, ["cpu.cpuid"]);
    expect(none.unknown("cpu.cpuid")).toMatch(/create nodes --labels/);
  });
});

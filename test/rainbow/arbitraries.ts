/**
 * Random node records with the facts subsystems carry (archspec target, OS,
 * MPI, GPUs, NFD labels), and random artifacts, for the rainbow tests.
 */
import fc from "fast-check";
import type { NodeRecord } from "../../src/node/record.ts";

/** A CPU layout: 1-2 sockets of 1-3 cores of 1-2 PUs. */
export const layout = fc.array(fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 })
  .map((shape) => {
    let cpu = 0;
    return shape.map((cores) => cores.map((n) => Array.from({ length: n }, () => cpu++)));
  });

export const TARGETS = ["haswell", "skylake", "icelake", "zen3", "amd64", "neoverse_v1", "x86_64_v3", "future_cpu"];
export const OSES: [string, string][] = [["ubuntu", "22.04"], ["ubuntu", "24.04"], ["debian", "12"], ["rocky", "9.4"], ["rhel", "8.10"]];
export const FLAGS = ["AVX2", "AVX512F", "AVX512BW", "FMA3", "SHA"];
export const GPU_MODELS = ["NVIDIA H100 80GB HBM3", "Tesla V100-SXM2-16GB", "AMD Instinct MI250X"];
export const KERNELS = ["5.15.0-91-generic", "6.8.0", "5.14.0-427.13.1.el9_4.x86_64", "4.18.0"];

/** One node's facts, drawn. */
export const facts = fc.record({
  target: fc.option(fc.constantFrom(...TARGETS), { nil: undefined }),
  os: fc.option(fc.constantFrom(...OSES), { nil: undefined }),
  mpi: fc.option(fc.tuple(fc.constantFrom("OpenMPI", "mpich", "Intel MPI"), fc.constantFrom("4.1.1", "5.0", "2021.10")), { nil: undefined }),
  gpus: fc.array(fc.constantFrom(...GPU_MODELS), { maxLength: 3 }),
  flags: fc.option(fc.subarray(FLAGS), { nil: undefined }),
  kernel: fc.option(fc.constantFrom(...KERNELS), { nil: undefined }),
  pci: fc.option(fc.array(fc.tuple(fc.constantFrom("0300", "0302", "0200"), fc.constantFrom("10de", "8086", "1002"), fc.constantFrom("2330", "56c0")), { maxLength: 3 }), { nil: undefined }),
  layout,
});

/** Drawn facts. */
export type Facts = typeof facts extends fc.Arbitrary<infer T> ? T : never;

/** A record of `facts` for `hostname` (attributes as nodeRecord and --labels name them). */
export function recordOf(hostname: string, f: Facts): NodeRecord {
  const a: Record<string, string> = {};
  if (f.target) a["io.archspec.cpu.target"] = f.target;
  if (f.os) [a["org.supercontainers.os.vendor"], a["org.supercontainers.os.version"]] = f.os;
  if (f.mpi) [a["org.supercontainers.mpi.implementation"], a["org.supercontainers.mpi.version"]] = f.mpi;
  a["org.supercontainers.hardware.gpu.count"] = String(f.gpus.length);
  a["org.supercontainers.hardware.gpu.available"] = f.gpus.length > 0 ? "yes" : "no";
  if (f.gpus.length > 0) a["org.supercontainers.hardware.gpu.model"] = [...new Set(f.gpus)].join(",");
  const sections: string[] = [];
  if (f.flags !== undefined) {
    sections.push("cpu");
    for (const flag of f.flags) a[`nfd.cpu.cpuid.${flag}`] = "true";
    a["nfd.cpu.model.vendor_id"] = "Intel";
    a["nfd.cpu.model.family"] = "6";
  }
  if (f.kernel !== undefined) {
    sections.push("kernel");
    a["nfd.kernel.version.full"] = f.kernel;
    a["nfd.kernel.version.major"] = f.kernel.split(".")[0]!;
  }
  if (f.os !== undefined) {
    sections.push("system");
    a["nfd.system.osrelease.ID"] = f.os[0];
    a["nfd.system.osrelease.VERSION_ID"] = f.os[1];
  }
  if (f.pci !== undefined) {
    sections.push("pci");
    f.pci.forEach(([c, v, d], i) => {
      a[`nfd.pci.device.${i}.class`] = c;
      a[`nfd.pci.device.${i}.vendor`] = v;
      a[`nfd.pci.device.${i}.device`] = d;
      a[`nfd.pci.device.${i}.subsystem_vendor`] = v;
    });
  }
  if (sections.length > 0) a["nfd.sections"] = sections.sort().join(",");
  return {
    hostname,
    sockets: f.layout,
    memory: [{ numa: 0, kib: 4 << 20, socket: 0 }],
    gpus: f.gpus.map((m, i) => ({ index: i, socket: -1, attributes: { "org.supercontainers.hardware.gpu.model": m } })),
    attributes: Object.fromEntries(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1))),
  };
}

/** A cluster of 1-12 nodes with varied hostnames. */
export const cluster = fc.array(facts, { minLength: 1, maxLength: 12 }).chain((fs) =>
  fc.shuffledSubarray(fs.map((f, i) => recordOf([`n${i}`, `node-${i}`, `q${i}x`][i % 3]!, f)), { minLength: fs.length, maxLength: fs.length })
);

/** NFD match expressions of every kind. */
const expression = fc.oneof(
  fc.constant({ op: "Exists" }),
  fc.constant({ op: "DoesNotExist" }),
  fc.record({ op: fc.constantFrom("In", "NotIn"), value: fc.array(fc.constantFrom("6", "Intel", "ubuntu", "yes", "24.04", "a: b", "x#y"), { minLength: 1, maxLength: 2 }) }),
  fc.record({ op: fc.constantFrom("Gt", "Ge", "Lt", "Le"), value: fc.tuple(fc.nat(30).map(String)) }),
  fc.record({ op: fc.constantFrom("Gt", "Ge", "Lt", "Le"), value: fc.tuple(fc.constantFrom("5.15", "22.04", "0.0.0", "1")), type: fc.constant("version") }),
  fc.record({ op: fc.constantFrom("GtLt", "GeLe"), value: fc.constantFrom(["1", "9"], ["10", "30"]) }),
  fc.constant({ op: "IsTrue" }),
  fc.constant({ op: "InRegexp", value: ["^A"] }),
);

const term = fc.record({
  feature: fc.constantFrom("cpu.cpuid", "cpu.model", "kernel.version", "system.osrelease", "kernel.loadedmodule", "pci.device", "kernel.config"),
  element: fc.constantFrom("AVX512F", "AVX2", "vendor_id", "family", "major", "full", "ID", "VERSION_ID", "nvidia"),
  expression,
});

/** An NFD artifact's text (YAML), of 1-3 sets of 1-3 rules of 1-4 terms. */
export const nfdArtifactText = fc.array(
  fc.record({
    weight: fc.nat(5),
    tag: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
    rules: fc.array(fc.record({ terms: fc.array(term, { minLength: 1, maxLength: 4 }), any: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  }),
  { minLength: 1, maxLength: 3 },
).map((sets) =>
  JSON.stringify({
    version: "v1alpha1",
    compatibilities: sets.map((s) => ({
      weight: s.weight,
      ...(s.tag ? { tag: s.tag } : {}),
      rules: s.rules.map((r, i) => {
        const terms = r.terms.map((t) => ({ feature: t.feature, matchExpressions: { [t.element]: t.expression } }));
        return r.any ? { name: `r${i}`, matchAny: terms.map((t) => ({ matchFeatures: [t] })) } : { name: `r${i}`, matchFeatures: terms };
      }),
    })),
  })
);

/** A compspec attribute artifact's text. */
export const attributeArtifactText = fc.record({
  // A target archspec does not know is "unknown" to check, and matched by name by rainbow: left out here.
  target: fc.option(fc.constantFrom(...TARGETS.filter((t) => t !== "future_cpu")), { nil: undefined }),
  os: fc.option(fc.constantFrom(...OSES), { nil: undefined }),
  vendorOnly: fc.boolean(),
  mpi: fc.option(fc.constantFrom("mpich", "OpenMPI"), { nil: undefined }),
  gpu: fc.option(fc.constantFrom("yes", "no"), { nil: undefined }),
  model: fc.option(fc.constantFrom(...GPU_MODELS), { nil: undefined }),
  other: fc.option(fc.constantFrom("a: b", "yes", "12"), { nil: undefined }),
}).map((x) => {
  const sc: Record<string, string> = {};
  const as: Record<string, string> = {};
  if (x.os) {
    sc["os.vendor"] = x.os[0];
    if (!x.vendorOnly) sc["os.version"] = x.os[1];
  }
  if (x.mpi) sc["mpi.implementation"] = x.mpi;
  if (x.gpu) sc["hardware.gpu.available"] = x.gpu;
  if (x.model) sc["hardware.gpu.model"] = x.model;
  if (x.other) sc["custom.thing"] = x.other;
  if (x.target) as["cpu.target"] = x.target;
  return JSON.stringify({
    version: "0.0.0",
    kind: "CompatibilitySpec",
    compatibilities: [{ name: "org.supercontainers", attributes: sc }, { name: "io.archspec", attributes: as }],
  });
});

/** A one-set NFD artifact of expressions rainbow can evaluate (most of the time), for comparing answers. */
export const translatableNfdText = fc.array(
  fc.oneof(
    fc.record({
      feature: fc.constant("pci.device"),
      element: fc.constant(""),
      expression: fc.constant({}),
      device: fc.record({ class: fc.constantFrom("0300", "0302"), vendor: fc.constantFrom("10de", "8086"), device: fc.constantFrom("2330", "56c0") }, { requiredKeys: [] }),
    }),
    fc.record({
    feature: fc.constantFrom("cpu.cpuid", "cpu.model", "kernel.version", "system.osrelease"),
    element: fc.constantFrom("AVX512F", "AVX2", "SHA", "vendor_id", "family", "major", "full", "ID", "VERSION_ID"),
    expression: fc.oneof(
      fc.constant({ op: "Exists" }),
      fc.record({ op: fc.constant("In"), value: fc.tuple(fc.constantFrom("6", "Intel", "ubuntu", "debian", "12", "24.04")) }),
      fc.record({ op: fc.constantFrom("Gt", "Ge", "Lt", "Le"), value: fc.tuple(fc.constantFrom("4", "5", "6", "12", "22")) }),
      fc.record({ op: fc.constantFrom("Gt", "Ge", "Lt", "Le"), value: fc.tuple(fc.constantFrom("5.15", "5.15.0", "6.8.0", "22.04", "9.4")), type: fc.constant("version") }),
      fc.record({ op: fc.constantFrom("GtLt", "GeLe"), value: fc.constantFrom(["4", "7"], ["10", "30"]) }),
    ),
    }),
  ),
  { minLength: 1, maxLength: 4 },
).map((terms) =>
  JSON.stringify({
    version: "v1alpha1",
    compatibilities: [{
      rules: [{
        name: "r",
        matchFeatures: terms.map((t) =>
          "device" in t
            ? { feature: "pci.device", matchExpressions: Object.fromEntries(Object.entries(t.device).map(([k, v]) => [k, { op: "In", value: [v] }])) }
            : { feature: t.feature, matchExpressions: { [t.element]: t.expression } }
        ),
      }],
    }],
  })
);

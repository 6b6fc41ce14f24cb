/** The 10-rule NFD artifact the check benchmarks use (bench/check.ts, bench/read_phase.ts). @module */

/**
 * Ten rules over the five sections of the seed's nfd line, as a site might
 * write them: nine in a preferred set, one in a fallback set that any x86 or
 * Arm machine passes (so `check` exits 0, which the measurement needs).
 */
export const TEN_RULES = `version: v1alpha1
compatibilities:
- tag: avx512
  weight: 90
  description: "AVX-512 build for Intel Xeon on Rocky or RHEL 9"
  rules:
  - name: avx512
    matchFeatures:
    - feature: cpu.cpuid
      matchExpressions: {AVX512F: {op: Exists}, AVX512BW: {op: Exists}, AVX512VL: {op: Exists}}
  - name: intel
    matchFeatures:
    - feature: cpu.model
      matchExpressions: {vendor_id: {op: In, value: [Intel]}, family: {op: In, value: ["6"]}}
  - name: any avx512 extension
    matchFeatures:
    - feature: cpu.cpuid
      matchName: {op: InRegexp, value: ["^AVX512(VNNI|BF16|FP16)$"]}
  - name: two sockets or more
    matchFeatures:
    - feature: cpu.topology
      matchExpressions: {socket_count: {op: Ge, value: ["2"]}}
  - name: numa
    matchFeatures:
    - feature: memory.numa
      matchExpressions: {node_count: {op: GeLe, value: ["1", "16"]}}
  - name: el9
    matchFeatures:
    - feature: system.osrelease
      matchExpressions: {ID: {op: In, value: [rocky, rhel, almalinux]}, VERSION_ID.major: {op: Ge, value: ["9"]}}
  - name: not a desktop distribution
    matchFeatures:
    - feature: system.osrelease
      matchExpressions: {ID: {op: NotIn, value: [ubuntu, fedora]}}
  - name: a network link up
    matchAny:
    - matchFeatures:
      - feature: network.device
        matchExpressions: {operstate: {op: In, value: [up]}}
    - matchFeatures:
      - feature: network.virtual
        matchExpressions: {operstate: {op: In, value: [up, unknown]}}
  - name: local disk
    matchFeatures:
    - feature: storage.block
      matchExpressions: {name: {op: InRegexp, value: ["^(nvme|sd|vd)"]}}
- tag: generic
  description: "fallback build: any x86 or Arm CPU NFD can name"
  rules:
  - name: known cpu vendor
    matchFeatures:
    - feature: cpu.model
      matchExpressions: {vendor_id: {op: In, value: [Intel, AMD, ARM, Ampere, Fujitsu, NVIDIA]}}
`;

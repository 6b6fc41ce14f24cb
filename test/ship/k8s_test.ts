/**
 * The Kubernetes manifests in docs/k8s: parsed (Bun's YAML parser) and checked
 * structurally (non-root, read-only root filesystem, read-only hostPaths, the PVC
 * wired through), then their commands run the way the pods would: in a chroot
 * laid out like the extract pod (the host's /proc, /sys, /etc, /usr, /opt, /boot
 * under /host, read-only; a writable /out), as the manifest's user, with the manifest's
 * environment. No Kubernetes cluster is involved.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO, tempDir } from "../util/fixtures.ts";
import { ensureBinary } from "../util/binary.ts";
import {
  cannotChroot,
  type Chroot,
  explain,
  makeChroot,
  type Mount,
  type Ran,
  removeChroot,
  runInChroot,
} from "./chroot.ts";

const K8S = path.join(REPO, "docs", "k8s");

// deno-lint-ignore no-explicit-any
type Json = any;

function load(file: string): Json {
  const docs = Bun.YAML.parse(fs.readFileSync(path.join(K8S, file), "utf8"));
  expect(Array.isArray(docs)).toBe(false); // one object per file
  return docs;
}

const pvc = load("compspec-pvc.yaml");
const daemonset = load("compspec-extract-daemonset.yaml");
const job = load("compspec-create-nodes-job.yaml");

/** Every container of a pod spec, init containers first. */
function containers(pod: Json): Json[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

/** Kubernetes' `$(VAR)` expansion of a command with the container's literal and downward-API env. */
function expand(argv: string[], env: Record<string, string>): string[] {
  return argv.map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => env[name] ?? m));
}

describe("Kubernetes manifests (structure)", () => {
  test("kinds, names and namespace", () => {
    expect([pvc.apiVersion, pvc.kind]).toEqual(["v1", "PersistentVolumeClaim"]);
    expect([daemonset.apiVersion, daemonset.kind]).toEqual(["apps/v1", "DaemonSet"]);
    expect([job.apiVersion, job.kind]).toEqual(["batch/v1", "Job"]);
    for (const m of [pvc, daemonset, job]) expect(m.metadata.namespace).toBe("compspec");
    expect(pvc.spec.accessModes).toContain("ReadWriteMany");
    // The DaemonSet's selector matches its pod template.
    for (const [k, v] of Object.entries(daemonset.spec.selector.matchLabels)) {
      expect(daemonset.spec.template.metadata.labels[k]).toBe(v);
    }
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
  });

  for (const [name, manifest] of [["DaemonSet", daemonset], ["Job", job]] as const) {
    test(`${name}: non-root, read-only root filesystem, no privileges, no token`, () => {
      const pod = manifest.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBe(65534);
      expect(pod.hostPID ?? false).toBe(false);
      expect(pod.hostNetwork ?? false).toBe(false);
      for (const c of containers(pod)) {
        expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
        expect(c.securityContext.capabilities.drop).toEqual(["ALL"]);
        expect(c.securityContext.privileged ?? false).toBe(false);
      }
    });

    test(`${name}: every mount names a volume; hostPaths are read-only; the output is the PVC`, () => {
      const pod = manifest.spec.template.spec;
      const volumes = new Map<string, Json>(pod.volumes.map((v: Json) => [v.name, v]));
      for (const c of containers(pod)) {
        for (const m of c.volumeMounts ?? []) {
          const vol = volumes.get(m.name);
          expect(vol, `${c.name}: mount ${m.name}`).toBeDefined();
          if (vol.hostPath) expect(m.readOnly, `${c.name}: ${m.mountPath}`).toBe(true);
          if (m.mountPath === "/out") expect(vol.persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
        }
      }
    });
  }

  test("the extract container mounts the node's trees read-only under /host and runs extract --root /host", () => {
    const pod = daemonset.spec.template.spec;
    const extract = pod.initContainers.find((c: Json) => c.command?.includes("extract"));
    expect(extract).toBeDefined();
    const mounts = new Map<string, Json>(extract.volumeMounts.map((m: Json) => [m.mountPath, m]));
    const hostPathOf = (mountPath: string) =>
      pod.volumes.find((v: Json) => v.name === mounts.get(mountPath)?.name)?.hostPath?.path;
    // Exactly the trees compspec reads, each at its own path under /host; never the whole root
    // (that would expose other pods' volumes under /var/lib/kubelet).
    for (const tree of ["/proc", "/sys", "/etc", "/usr", "/opt", "/boot"]) {
      expect(hostPathOf(`/host${tree}`)).toBe(tree);
    }
    expect(hostPathOf("/host")).toBeUndefined();
    for (const v of pod.volumes) {
      if (v.hostPath) {
        expect(["/", "/var", "/var/lib", "/var/lib/kubelet", "/home", "/root"]).not.toContain(v.hostPath.path);
      }
    }
    const cmd: string[] = extract.command;
    expect(cmd[0]).toBe("/compspec");
    expect(cmd[cmd.indexOf("--root") + 1]).toBe("/host");
    expect(cmd[cmd.indexOf("--out") + 1]).toBe("/out/");
    expect(cmd[cmd.indexOf("--hostname") + 1]).toBe("$(NODE_NAME)");
    // A restarted pod re-extracts over its own node file: compspec replaces a file only with --force (#22 §5).
    expect(cmd).toContain("--force");
    expect(extract.env.find((e: Json) => e.name === "NODE_NAME").valueFrom.fieldRef.fieldPath).toBe("spec.nodeName");
  });

  test("the Dockerfile puts the binary at /compspec, as the manifests run it", () => {
    const dockerfile = fs.readFileSync(path.join(K8S, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^COPY compspec-linux-\S+ \/compspec$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/compspec"\]$/m);
    for (const c of [...containers(daemonset.spec.template.spec), ...containers(job.spec.template.spec)]) {
      if (c.image.includes("compspec")) expect(c.command[0]).toBe("/compspec");
    }
  });
});

const reason = cannotChroot();
if (reason !== undefined) {
  console.log(`k8s_test: SKIP running the manifests' commands in a pod-like chroot: ${reason}`);
  describe("Kubernetes manifests (commands, in a pod-like chroot)", () => {
    test.skip(`skipped: ${reason}`, () => {});
  });
} else {
  describe("Kubernetes manifests (commands, in a pod-like chroot)", () => {
    const NODE = "k8s-node-1";
    let chroot: Chroot | undefined;
    let out = "";
    let extractRun: Ran;
    let createRun: Ran;

    /** The pod's volume mounts as bind mounts: hostPath → its path, the PVC → `out`; plus the runtime's /proc and /sys. */
    function podMounts(pod: Json, container: Json): Mount[] {
      const mounts: Mount[] = [
        { source: "/proc", target: "/proc", readOnly: true },
        { source: "/sys", target: "/sys", readOnly: true },
      ];
      for (const m of container.volumeMounts) {
        const vol = pod.volumes.find((v: Json) => v.name === m.name);
        const source = vol.hostPath ? vol.hostPath.path : vol.persistentVolumeClaim ? out : undefined;
        if (source === undefined) throw new Error(`volume ${m.name}: only hostPath and PVC are emulated`);
        // An unchecked hostPath this machine lacks (/opt, /boot): the pod would see an empty folder.
        if (vol.hostPath && !vol.hostPath.type && !fs.existsSync(source)) continue;
        mounts.push({ source, target: m.mountPath, readOnly: m.readOnly === true });
      }
      return mounts;
    }

    beforeAll(() => {
      const binary = ensureBinary();
      out = tempDir("compspec-k8s-out-");
      const dsPod = daemonset.spec.template.spec;
      const jobPod = job.spec.template.spec;
      const extract = dsPod.initContainers[0];
      const create = jobPod.containers[0];
      const dsMounts = podMounts(dsPod, extract);
      chroot = makeChroot(binary, dsMounts.map((m) => m.target));
      fs.chownSync(out, dsPod.securityContext.runAsUser, dsPod.securityContext.runAsGroup); // what fsGroup arranges
      const env = { NODE_NAME: NODE };
      extractRun = runInChroot(chroot, dsMounts, [expand(extract.command, env)], {
        user: dsPod.securityContext.runAsUser,
        readOnlyRoot: extract.securityContext.readOnlyRootFilesystem,
      })[0]!;
      createRun = runInChroot(chroot, podMounts(jobPod, create), [create.command], {
        user: jobPod.securityContext.runAsUser,
        readOnlyRoot: create.securityContext.readOnlyRootFilesystem,
      })[0]!;
    }, 120_000);

    afterAll(() => {
      if (chroot) removeChroot(chroot);
      if (out) fs.rmSync(out, { recursive: true, force: true });
    });

    test("the init container's command writes /out/<node name>.json describing the host", () => {
      expect(extractRun.status, explain(extractRun)).toBe(0);
      const file = path.join(out, `${NODE}.json`);
      expect(fs.existsSync(file)).toBe(true);
      const node = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(node.compspec.hostname).toBe(NODE);
      // The host's topology, read through /host: the same as compspec reading / directly.
      const live = spawnSync(ensureBinary(), ["extract", "--name", "system[cpu]", "--allow-fail"], {
        encoding: "utf8",
      });
      expect(live.status).toBe(0);
      expect(node.results.system.sections.cpu).toEqual(JSON.parse(live.stdout).results.system.sections.cpu);
      // The node's OS, from the host's /etc/os-release under /host, when it has one.
      if (fs.existsSync("/etc/os-release") && node.results.system.sections.os) {
        expect(Object.keys(node.results.system.sections.os).length).toBeGreaterThan(0);
      }
    });

    test("the Job's command builds the graph from the folder", () => {
      expect(createRun.status, explain(createRun)).toBe(0);
      const arg = (flag: string) =>
        job.spec.template.spec.containers[0].command[job.spec.template.spec.containers[0].command.indexOf(flag) + 1];
      const graphFile = path.join(out, path.relative("/out", arg("--nodes-output")));
      const graph = fs.readFileSync(graphFile, "utf8");
      expect(JSON.parse(graph).graph).toBeDefined();
      expect(graph).toContain(`"${NODE}"`);
      expect(fs.readdirSync(out).sort()).toEqual([path.basename(graphFile), `${NODE}.json`].sort());
    });
  });
}

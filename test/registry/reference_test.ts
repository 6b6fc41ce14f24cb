import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { RegistryError } from "../../src/registry/errors.ts";
import { formatReference, parseReference, referrersTag } from "../../src/registry/reference.ts";

const D = "sha256:489ea859070cf47c19c13c0a608fbb3a4f6679962b90d1f979c7f1bfa7235b75";

describe("parseReference", () => {
  test("host:port/repo:tag (compspec-go took the text after the first ':' as the tag)", () => {
    expect(parseReference("127.0.0.1:5000/rse-ops/lammps-matrix:intel-mpi-rocky-9-amd64")).toEqual({
      kind: "registry",
      host: "127.0.0.1:5000",
      repository: "rse-ops/lammps-matrix",
      tag: "intel-mpi-rocky-9-amd64",
    });
  });

  test("digest, tag and digest, no tag", () => {
    expect(parseReference(`ghcr.io/a/b@${D}`)).toEqual({ kind: "registry", host: "ghcr.io", repository: "a/b", digest: D });
    expect(parseReference(`ghcr.io/a/b:v1@${D}`)).toMatchObject({ tag: "v1", digest: D });
    expect(parseReference("localhost/x")).toEqual({ kind: "registry", host: "localhost", repository: "x" });
  });

  test("oci-layout:PATH[:tag|@digest]; a ':' before the last '/' belongs to the path", () => {
    expect(parseReference("oci-layout:/srv/mirror/app:1.0")).toEqual({ kind: "layout", path: "/srv/mirror/app", tag: "1.0" });
    expect(parseReference(`oci-layout:./lay@${D}`)).toEqual({ kind: "layout", path: "./lay", digest: D });
    expect(parseReference("oci-layout:/a:b/c")).toEqual({ kind: "layout", path: "/a:b/c" });
  });

  test("the hint names the Docker Hub reference docker would use (library/ only for a one-part name)", () => {
    const hint = (text: string) => {
      try {
        parseReference(text);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error(`${text} parsed`);
    };
    expect(hint("hpc/solver:1.0")).toContain("e.g. docker.io/hpc/solver:1.0)");
    expect(hint("hpc/solver:1.0")).not.toContain("library/");
    expect(hint("library/ubuntu")).toContain("e.g. docker.io/library/ubuntu)");
    expect(hint("solver")).toContain("must start with a registry host");
    expect(hint("solver")).toContain("(Docker Hub: docker.io/library/solver)");
    expect(hint("ubuntu:22.04")).toContain("(Docker Hub: docker.io/library/ubuntu:22.04)");
    expect(hint("Not A Name")).not.toContain("Docker Hub");
  });

  test("bad references are usage errors that say what is wrong", () => {
    const bad: [string, RegExp][] = [
      ["ubuntu:22.04", /must start with a registry host/],
      ["library/ubuntu", /not a registry host/],
      ["ghcr.io/Upper/x", /repository path component "Upper"/],
      ["ghcr.io/x:bad tag", /not a valid tag/],
      ["ghcr.io/x@sha256:abc", /not a sha256 or sha512 digest/],
      ["oci-layout:", /layout path is empty/],
    ];
    for (const [text, why] of bad) {
      let err: unknown;
      try {
        parseReference(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RegistryError);
      expect((err as RegistryError).kind).toBe("usage");
      expect((err as Error).message).toMatch(why);
    }
  });

  test("property: formatReference(parseReference(r)) is r", () => {
    const comp = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,5})?$/);
    const host = fc.oneof(fc.constant("127.0.0.1:5000"), fc.constant("ghcr.io"), fc.constant("localhost:1"), fc.constant("registry.example.org"));
    const tag = fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), { nil: undefined });
    const digest = fc.option(fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`), { nil: undefined });
    fc.assert(fc.property(host, fc.array(comp, { minLength: 1, maxLength: 3 }), tag, digest, (h, parts, t, d) => {
      const text = `${h}/${parts.join("/")}${t ? `:${t}` : ""}${d ? `@${d}` : ""}`;
      expect(formatReference(parseReference(text))).toBe(text);
    }));
  });
});

test("referrersTag: sha256-<hex>", () => {
  expect(referrersTag(D)).toBe("sha256-489ea859070cf47c19c13c0a608fbb3a4f6679962b90d1f979c7f1bfa7235b75");
});

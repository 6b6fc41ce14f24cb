import { expect, test } from "bun:test";
import { parseChallenges, pickChallenge } from "../../src/registry/challenge.ts";

test("Bearer challenge with quoted commas (distribution's token auth)", () => {
  const h = 'Bearer realm="https://auth.example.org/token",service="registry.example.org",scope="repository:a/b:pull,push"';
  expect(parseChallenges(h)).toEqual([{
    scheme: "bearer",
    params: { realm: "https://auth.example.org/token", service: "registry.example.org", scope: "repository:a/b:pull,push" },
  }]);
});

test("htpasswd's Basic challenge; Bearer preferred when both are offered", () => {
  expect(pickChallenge('Basic realm="basic-realm"')).toEqual({ scheme: "basic", params: { realm: "basic-realm" } });
  const both = pickChallenge('Basic realm="r", Bearer realm="https://t/x",service="s"');
  expect(both?.scheme).toBe("bearer");
  expect(both?.params).toEqual({ realm: "https://t/x", service: "s" });
  expect(pickChallenge(null)).toBeUndefined();
  expect(pickChallenge("Negotiate abc")).toBeUndefined();
});

import { expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { credentialsFromDockerConfig, resolveCredentials } from "../../src/registry/credentials.ts";
import { tempDir } from "../util/fixtures.ts";

const CONFIG = JSON.stringify({
  auths: {
    "127.0.0.1:5000": { auth: btoa("alice:s3cret:with:colons") },
    "https://index.docker.io/v1/": { username: "bob", password: "pw" },
    "ghcr.io": { identitytoken: "refresh-me" },
  },
});

test("docker config auths: base64 auth, username/password, Docker Hub aliases, identity tokens", () => {
  const a = credentialsFromDockerConfig(CONFIG, "127.0.0.1:5000", "/c.json").credentials!;
  expect(a).toMatchObject({ username: "alice", password: "s3cret:with:colons" });
  expect(a.source).toBe('/c.json (auths["127.0.0.1:5000"])');
  expect(credentialsFromDockerConfig(CONFIG, "docker.io", "/c.json").credentials).toMatchObject({ username: "bob", password: "pw" });
  expect(credentialsFromDockerConfig(CONFIG, "ghcr.io", "/c.json").credentials).toMatchObject({ identityToken: "refresh-me" });
  expect(credentialsFromDockerConfig(CONFIG, "quay.io", "/c.json")).toEqual({});
});

test("a credential helper alone gives a warning (compspec runs no helpers), never a value", () => {
  const r = credentialsFromDockerConfig(JSON.stringify({ credsStore: "desktop" }), "ghcr.io", "/c.json");
  expect(r.credentials).toBeUndefined();
  expect(r.warning).toMatch(/credential helper/);
});

test("a broken config file is named", () => {
  expect(() => credentialsFromDockerConfig("{", "h", "/c.json")).toThrow(/\/c\.json: not valid JSON/);
  expect(() => credentialsFromDockerConfig(JSON.stringify({ auths: { h: { auth: "!!" } } }), "h", "/c.json")).toThrow(/not base64/);
});

test("flags win over $DOCKER_CONFIG, which wins over ~/.docker", () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "config.json"), CONFIG);
  const env = { DOCKER_CONFIG: dir, HOME: "/nonexistent" };
  expect(resolveCredentials("127.0.0.1:5000", {}, env)?.username).toBe("alice");
  expect(resolveCredentials("127.0.0.1:5000", { token: "t" }, env)).toEqual({ token: "t", source: "--registry-token-stdin" });
  expect(resolveCredentials("127.0.0.1:5000", { username: "u", password: "p" }, env)?.source).toBe(
    "--registry-username/--registry-password-stdin",
  );
  const home = tempDir();
  fs.mkdirSync(path.join(home, ".docker"));
  fs.writeFileSync(path.join(home, ".docker", "config.json"), CONFIG);
  expect(resolveCredentials("127.0.0.1:5000", {}, { HOME: home })?.source).toContain(path.join(home, ".docker", "config.json"));
  expect(resolveCredentials("127.0.0.1:5000", {}, { HOME: "/nonexistent" })).toBeUndefined();
});

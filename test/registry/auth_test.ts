/**
 * Credentials against docker-registry 2.8: htpasswd (Basic) and token auth
 * (Bearer, from a token service the test runs), from flags, stdin and the
 * docker config; failures say which credentials were tried, never their value.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../util/fixtures.ts";
import { runInProcess } from "../cli/run_in_process.ts";
import { RegistryAccess } from "../../src/registry/access.ts";
import type { CredentialFlags } from "../../src/registry/credentials.ts";
import { digestOf } from "../../src/registry/digest.ts";
import { parseReference } from "../../src/registry/reference.ts";
import { IMAGE, NFD_ARTIFACT, pushImage, startRegistry, startTokenService, type TestRegistry, type TokenService } from "./registry_server.ts";

/** Put the fixture image into `repo:v1` with compspec's own client (skopeo's token flow is not under test). */
async function putImage(reg: TestRegistry, repo: string, credentials: CredentialFlags): Promise<void> {
  const access = new RegistryAccess({ plainHttp: true, credentials, env: NO_CONFIG });
  const target = access.repository(parseReference(`${reg.host}/${repo}:v1`));
  const read = (f: string) => new Uint8Array(fs.readFileSync(path.join(IMAGE.dir, f)));
  for (const f of ["subject-config.json", "subject-layer.bin"]) {
    await target.pushBlob(read(f), { mediaType: "application/octet-stream", digest: digestOf(read(f)), size: read(f).length });
  }
  await target.pushManifest(read("subject-manifest.json"), "application/vnd.oci.image.manifest.v1+json", "v1");
}

const USER = "alice";
const PASSWORD = "correct-horse-battery";
/** No docker config: anonymous unless flags say otherwise. */
const NO_CONFIG = { DOCKER_CONFIG: tempDir("compspec-noconfig-"), HOME: tempDir("compspec-home-") };
const SPEC = fs.readFileSync(NFD_ARTIFACT.spec);

function pullArgs(image: string, ...more: string[]): string[] {
  return ["artifact", "pull", "--plain-http", "--image", image, ...more];
}

function pushArgs(image: string, ...more: string[]): string[] {
  return ["artifact", "push", "--plain-http", "--artifact", NFD_ARTIFACT.spec, "--image", image, ...more];
}

describe("htpasswd (Basic)", () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ kind: "htpasswd", user: USER, password: PASSWORD });
    pushImage(reg, "secure/app", "v1", `${USER}:${PASSWORD}`);
  });
  afterAll(async () => await reg?.stop());

  test("--registry-username + --registry-password-stdin: push and pull", async () => {
    const push = await runInProcess([...pushArgs(`${reg.host}/secure/app:v1`), "--registry-username", USER, "--registry-password-stdin"], {
      input: `${PASSWORD}\n`,
      env: NO_CONFIG,
    });
    expect(push.stderr).not.toContain("error");
    expect(push.status).toBe(0);
    const pull = await runInProcess([...pullArgs(`${reg.host}/secure/app:v1`), "--registry-username", USER, "--registry-password-stdin"], {
      input: PASSWORD,
      env: NO_CONFIG,
    });
    expect(pull.status).toBe(0);
    expect(Buffer.from(pull.stdout)).toEqual(SPEC);
  });

  test("the docker config's auths entry ($DOCKER_CONFIG)", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { [reg.host]: { auth: btoa(`${USER}:${PASSWORD}`) } } }));
    const pull = await runInProcess(pullArgs(`${reg.host}/secure/app:v1`), { env: { DOCKER_CONFIG: dir } });
    expect(pull.status).toBe(0);
    expect(Buffer.from(pull.stdout)).toEqual(SPEC);
  });

  test("401: the message names the credentials tried, never the password", async () => {
    const wrong = await runInProcess([...pullArgs(`${reg.host}/secure/app:v1`), "--registry-username", USER, "--registry-password-stdin"], {
      input: "not-the-password",
      env: NO_CONFIG,
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`${reg.host} answered 401 Unauthorized`);
    expect(wrong.stderr).toContain("tried: anonymous access, then basic credentials from --registry-username/--registry-password-stdin");
    expect(wrong.stderr).not.toContain("not-the-password");
    expect(wrong.stdout).toBe("");

    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { [`http://${reg.host}`]: { username: USER, password: "stale-password" } } }));
    const stale = await runInProcess(pullArgs(`${reg.host}/secure/app:v1`), { env: { DOCKER_CONFIG: dir } });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(`basic credentials from ${path.join(dir, "config.json")} (auths["http://${reg.host}"])`);
    expect(stale.stderr).not.toContain("stale-password");

    const anonymous = await runInProcess(pullArgs(`${reg.host}/secure/app:v1`), { env: NO_CONFIG });
    expect(anonymous.status).toBe(1);
    expect(anonymous.stderr).toContain("tried: anonymous access (give credentials with --registry-username");

    const token = await runInProcess([...pullArgs(`${reg.host}/secure/app:v1`), "--registry-token-stdin"], { input: "tok-value", env: NO_CONFIG });
    expect(token.status).toBe(1);
    expect(token.stderr).toContain("a bearer token from --registry-token-stdin (not usable");
    expect(token.stderr).not.toContain("tok-value");
  });

  test("credential flags that cannot work are usage errors", async () => {
    let r = await runInProcess([...pullArgs(`${reg.host}/secure/app:v1`), "--registry-username", USER], { env: NO_CONFIG });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--registry-username needs --registry-password-stdin");
    r = await runInProcess([...pullArgs(`${reg.host}/secure/app:v1`), "--registry-password-stdin"], { input: "x", env: NO_CONFIG });
    expect(r.status).toBe(2);
    r = await runInProcess([...pullArgs(`${reg.host}/secure/app:v1`), "--registry-username", USER, "--registry-password-stdin"], { input: "", env: NO_CONFIG });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("standard input is empty");
  });
});

describe("token auth (Bearer) with a token service", () => {
  let reg: TestRegistry;
  let tokens: TokenService;
  beforeAll(async () => {
    tokens = await startTokenService(USER, PASSWORD);
    reg = await startRegistry({ kind: "token", realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, certFile: tokens.certFile });
  });
  afterAll(async () => {
    await reg?.stop();
    tokens?.stop();
  });

  test("basic credentials are exchanged for a token per scope; anonymous tokens may pull", async () => {
    await putImage(reg, "tok/app", { username: USER, password: PASSWORD });
    const push = await runInProcess([...pushArgs(`${reg.host}/tok/app:v1`), "--registry-username", USER, "--registry-password-stdin"], {
      input: PASSWORD,
      env: NO_CONFIG,
    });
    expect(push.stderr).not.toContain("error");
    expect(push.status).toBe(0);
    expect(tokens.requests.some((r) => r.authorization && r.scopes.includes("repository:tok/app:pull,push"))).toBe(true);
    const pull = await runInProcess(pullArgs(`${reg.host}/tok/app:v1`), { env: NO_CONFIG });
    expect(pull.status).toBe(0);
    expect(Buffer.from(pull.stdout)).toEqual(SPEC);
    // Anonymous tokens carry pull only: a push is refused, and the message says what was tried.
    const anonPush = await runInProcess(pushArgs(`${reg.host}/tok/app:v1`), { env: NO_CONFIG });
    expect(anonPush.status).toBe(1);
    expect(anonPush.stderr).toContain("401 Unauthorized");
    expect(anonPush.stderr).toContain("anonymous token from 127.0.0.1:");
  });

  test("an identity token from the docker config is exchanged (OAuth2 refresh-token grant)", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { [reg.host]: { identitytoken: PASSWORD } } }));
    const r = await runInProcess(pushArgs(`${reg.host}/tok/app:v1`, "--created", "2020-01-01T00:00:00Z"), { env: { DOCKER_CONFIG: dir } });
    expect(r.stderr).not.toContain("error");
    expect(r.status).toBe(0);
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { [reg.host]: { identitytoken: "revoked" } } }));
    const bad = await runInProcess(pushArgs(`${reg.host}/tok/app:v1`), { env: { DOCKER_CONFIG: dir } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`an identity token from ${path.join(dir, "config.json")}`);
    expect(bad.stderr).not.toContain("revoked");
  });

  test("a token from --registry-token-stdin is used as it is", async () => {
    const res = await fetch(`${tokens.realm}?service=${tokens.service}&scope=repository:tok/app:pull`);
    const { token } = await res.json() as { token: string };
    const pull = await runInProcess([...pullArgs(`${reg.host}/tok/app:v1`), "--registry-token-stdin"], { input: token, env: NO_CONFIG });
    expect(pull.status).toBe(0);
    expect(Buffer.from(pull.stdout)).toEqual(SPEC);
  });
});

describe("a token service on another host name over plain HTTP", () => {
  let reg: TestRegistry;
  let tokens: TokenService;
  beforeAll(async () => {
    tokens = await startTokenService(USER, PASSWORD, "localhost");
    reg = await startRegistry({ kind: "token", realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, certFile: tokens.certFile });
  });
  afterAll(async () => {
    await reg?.stop();
    tokens?.stop();
  });

  test("gets no credentials: compspec asks anonymously and says why", async () => {
    const res = await fetch(`${tokens.realm.replace("localhost", "127.0.0.1")}?service=${tokens.service}&scope=repository:other/app:pull,push`, {
      headers: { authorization: `Basic ${btoa(`${USER}:${PASSWORD}`)}` },
    });
    await putImage(reg, "other/app", { token: ((await res.json()) as { token: string }).token });
    const before = tokens.requests.length;
    const r = await runInProcess(pushArgs(`${reg.host}/other/app:v1`, "--registry-username", USER, "--registry-password-stdin"), {
      input: PASSWORD,
      env: NO_CONFIG,
    });
    expect(r.status).toBe(1);
    expect(tokens.requests.length).toBeGreaterThan(before);
    expect(tokens.requests.slice(before).every((q) => !q.authorization)).toBe(true);
    expect(r.stderr).toContain("not sent: the token service is neither HTTPS nor the registry's host");
    expect(r.stderr).not.toContain(PASSWORD);
  });
});

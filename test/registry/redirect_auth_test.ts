/**
 * Issue #21 item 5: a challenge is answered only when it comes from the
 * registry the user named. A blob redirected to another host (127.0.0.2) that
 * answers 401 with a Bearer realm gets no credentials sent anywhere: not to
 * that host, not to its realm (even one on the registry's own host name).
 */
import { expect, test } from "bun:test";
import { runInProcess } from "../cli/run_in_process.ts";
import { noDockerConfig, pushImageWithForeignArtifact, registryForFile, startProxy } from "./registry_server.ts";

const NO_CONFIG = noDockerConfig();

const registry = registryForFile((r) => pushImageWithForeignArtifact(r, "f/app", "v1"));

test("a redirect target's Bearer challenge gets no credentials (realm on the target, or on the registry's host name)", async () => {
  const realmSeen: { authorization: string | null }[] = [];
  // A token service on `hostname` that hands out a token to whoever asks, and notes what it was sent.
  const tokenService = (hostname: string) =>
    Bun.serve({
      hostname,
      port: 0,
      fetch(req) {
        realmSeen.push({ authorization: req.headers.get("authorization") });
        return Response.json({ token: "stolen", expires_in: 60 });
      },
    });
  const realm = tokenService("127.0.0.1");
  const otherRealm = tokenService("127.0.0.2");
  const cdnSeen: { authorization: string | null }[] = [];
  let realmUrl = "";
  const cdn = Bun.serve({
    hostname: "127.0.0.2",
    port: 0,
    fetch(req) {
      cdnSeen.push({ authorization: req.headers.get("authorization") });
      return new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', {
        status: 401,
        headers: { "www-authenticate": `Bearer realm="${realmUrl}",service="cdn"` },
      });
    },
  });
  const expected = `Basic ${btoa("u:p")}`;
  const proxy = startProxy(registry().host, (req, url) => {
    if (req.headers.get("authorization") !== expected) {
      return new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', { status: 401, headers: { "www-authenticate": 'Basic realm="r"' } });
    }
    if (req.method === "GET" && url.pathname.includes("/blobs/")) {
      return new Response(null, { status: 307, headers: { location: `http://127.0.0.2:${cdn.port}${url.pathname}` } });
    }
    return undefined;
  });
  try {
    for (const r of [`http://127.0.0.1:${realm.port}/token`, `http://127.0.0.2:${otherRealm.port}/token`]) {
      realmUrl = r;
      const t0 = performance.now();
      const got = await runInProcess(
        ["artifact", "pull", "--plain-http", "--timeout", "10", "--image", `${proxy.host}/f/app:v1`, "--registry-username", "u", "--registry-password-stdin"],
        { input: "p", env: NO_CONFIG },
      );
      expect(got.status).toBe(1);
      expect(got.stderr).toContain(`127.0.0.2:${cdn.port} (where ${proxy.host} redirected) answered 401 Unauthorized`);
      expect(got.stderr).toContain(`credentials are only ever sent for a challenge from http://${proxy.host} itself`);
      expect(got.stdout).toBe("");
      expect(performance.now() - t0).toBeLessThan(15_000);
    }
    expect(realmSeen).toEqual([]);
    expect(cdnSeen.length).toBeGreaterThan(0);
    expect(cdnSeen.every((s) => s.authorization === null)).toBe(true);
  } finally {
    proxy.stop();
    cdn.stop(true);
    realm.stop(true);
    otherRealm.stop(true);
  }
}, 40_000);

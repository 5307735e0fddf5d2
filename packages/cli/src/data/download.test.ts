import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../user-error.js";
import { cachedBiored, downloadBiored } from "./biored-cache.js";
import { locateBiored } from "./locate.js";

const TRAIN = '{"source":"t","date":"","key":"","infons":{},"documents":[]}';
const DEV = '<?xml version="1.0"?><collection><source>d</source></collection>';
/** A small archive shaped like BIORED.zip: files nested under BioRED/. */
const zip = zipSync({
  "BioRED/Train.BioC.JSON": strToU8(TRAIN),
  "BioRED/Dev.BioC.XML": strToU8(DEV),
  "BioRED/README.txt": strToU8("not extracted"),
});
const zipSha = createHash("sha256").update(zip).digest("hex");

let server: Server;
let base: string;
let closedPortUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/BIORED.zip") {
      res.writeHead(200, { "content-type": "application/zip", "content-length": zip.length });
      // Two chunks so the progress callback fires more than once.
      res.write(zip.subarray(0, 100));
      setTimeout(() => res.end(zip.subarray(100)), 5);
    } else if (req.url === "/moved") {
      res.writeHead(302, { location: "/BIORED.zip" }).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: open a server, note its port, close it.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/BIORED.zip`;
  await new Promise((r) => probe.close(r));
});
afterAll(() => new Promise((r) => server.close(r)));

describe("BioRED download", () => {
  it("downloads with progress, follows a redirect, extracts the split files and records digests", async () => {
    const cache = mkdtempSync(join(tmpdir(), "biore-cache-"));
    const progress: number[] = [];
    const dir = await downloadBiored(cache, {
      url: `${base}/moved`,
      expectedSha256: zipSha,
      onProgress: (received, total) => {
        expect(total).toBe(zip.length);
        progress.push(received);
      },
    });
    // Chunks may coalesce on a busy machine: at least one report, growing, ending at the total.
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBe(zip.length);
    expect(readFileSync(join(dir, "Train.BioC.JSON"), "utf8")).toBe(TRAIN);
    expect(readFileSync(join(dir, "Dev.BioC.XML"), "utf8")).toBe(DEV);
    expect(existsSync(join(dir, "README.txt"))).toBe(false);
    const source = JSON.parse(readFileSync(join(dir, "SOURCE.json"), "utf8"));
    expect(source.zipSha256).toBe(zipSha);
    expect(cachedBiored(cache)).toBe(dir);
  });

  it("rejects a download whose sha256 differs, leaving nothing behind", async () => {
    const cache = mkdtempSync(join(tmpdir(), "biore-cache-"));
    await expect(
      downloadBiored(cache, { url: `${base}/BIORED.zip`, expectedSha256: "0".repeat(64) }),
    ).rejects.toThrow(/checksum mismatch/);
    expect(existsSync(join(cache, "biored"))).toBe(false);
    expect(existsSync(join(cache, "downloads", "BIORED.zip.part"))).toBe(false);
  });

  it("says the machine looks offline when the server cannot be reached", async () => {
    const cache = mkdtempSync(join(tmpdir(), "biore-cache-"));
    const error = await downloadBiored(cache, { url: closedPortUrl }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/could not download .*ECONNREFUSED/);
    expect(error.hint).toMatch(/offline.*--data/);
  });

  it("reports an HTTP error status", async () => {
    const cache = mkdtempSync(join(tmpdir(), "biore-cache-"));
    await expect(downloadBiored(cache, { url: `${base}/missing` })).rejects.toThrow(/HTTP 404/);
  });

  it("detects a damaged cached copy", async () => {
    const cache = mkdtempSync(join(tmpdir(), "biore-cache-"));
    const dir = await downloadBiored(cache, { url: `${base}/BIORED.zip` });
    writeFileSync(join(dir, "Train.BioC.JSON"), "tampered");
    expect(() => cachedBiored(cache)).toThrow(/damaged/);
  });
});

describe("locateBiored", () => {
  const empty = () => mkdtempSync(join(tmpdir(), "biore-cwd-"));

  it("prefers --data, then BIORED_DIR, then ../shared/data/biored", async () => {
    const cwd = empty();
    const elsewhere = empty();
    expect(await locateBiored({ option: elsewhere, env: { BIORED_DIR: cwd }, cwd })).toEqual({
      path: elsewhere,
      source: "option",
    });
    expect(await locateBiored({ env: { BIORED_DIR: elsewhere }, cwd })).toEqual({
      path: elsewhere,
      source: "env",
    });
    const root = empty();
    const repo = join(root, "repo");
    const shared = join(root, "shared", "data", "biored");
    for (const d of [repo, shared]) mkdirSync(d, { recursive: true });
    expect(await locateBiored({ env: {}, cwd: empty(), repoRoot: repo })).toEqual({
      path: shared,
      source: "shared",
    });
    expect(await locateBiored({ env: {}, cwd: repo, repoRoot: null })).toEqual({
      path: shared,
      source: "shared",
    });
  });

  it("a --data path that does not exist is a UserError with a hint", async () => {
    await expect(locateBiored({ option: "/nope/biored", env: {} })).rejects.toMatchObject({
      message: expect.stringMatching(/--data \/nope\/biored does not exist/),
      hint: expect.stringMatching(/--data/),
    });
  });

  it("downloads into the cache when nothing else is found, then reuses the cached copy", async () => {
    const cache = empty();
    const env = { BIORED_URL: `${base}/BIORED.zip`, BIORED_SHA256: zipSha };
    const started: string[] = [];
    const first = await locateBiored({
      env,
      cwd: empty(),
      repoRoot: null,
      cacheDir: cache,
      onDownloadStart: (u) => started.push(u),
    });
    expect(first.source).toBe("download");
    expect(started).toEqual([`${base}/BIORED.zip`]);
    const second = await locateBiored({ env: {}, cwd: empty(), repoRoot: null, cacheDir: cache });
    expect(second).toEqual({ path: first.path, source: "cache" });
  });

  it("fails with one clear line when offline and nothing is cached", async () => {
    const error = await locateBiored({
      env: { BIORED_URL: closedPortUrl },
      cwd: empty(),
      repoRoot: null,
      cacheDir: empty(),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message.split("\n")).toHaveLength(1);
  });
});

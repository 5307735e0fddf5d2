import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../user-error.js";
import { cachedBiored, downloadBiored } from "./biored-cache.js";
import { extractFlat } from "./unzip.js";

// Hostile servers, damaged caches and odd archives: each is one UserError with a hint,
// never a raw TypeError/SyntaxError, a local file read, an empty split file or a zip bomb.

const TRAIN = strToU8('{"source":"t","date":"","key":"","infons":{},"documents":[]}');
const DEV = strToU8('<?xml version="1.0"?><collection><source>d</source></collection>');
const WANTED = ["Train.BioC.JSON", "Dev.BioC.XML"];

let server: Server;
let base: string;
const routes = new Map<string, (res: import("node:http").ServerResponse) => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? "");
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [path, location] of [
    ["/to-file", "file:///etc/passwd"],
    ["/to-ftp", "ftp://ftp.ncbi.nlm.nih.gov/pub/lu/BioRED/BIORED.zip"],
    ["/to-data", "data:application/zip;base64,UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="],
    ["/to-bad-url", "http://[::1"],
  ] as const) {
    routes.set(path, (res) => res.writeHead(302, { location }).end());
  }
  const zip = zipSync({ "BioRED/Train.BioC.JSON": TRAIN, "BioRED/Dev.BioC.XML": DEV });
  routes.set("/zip", (res) => res.writeHead(200, { "content-length": zip.length }).end(zip));
  routes.set("/cut", (res) => {
    res.writeHead(200, { "content-length": zip.length * 2 });
    res.write(zip, () => res.destroy());
  });
});
afterAll(() => new Promise((r) => server.close(r)));

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

async function downloadError(url: string): Promise<UserError> {
  const cache = tempDir("biore-tamper-cache-");
  const error = await downloadBiored(cache, { url }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${url} did not fail`).toBeInstanceOf(UserError);
  expect((error as UserError).hint).toBeTruthy();
  expect(existsSync(join(cache, "biored"))).toBe(false);
  return error as UserError;
}

describe("downloader: only http(s) is fetched", () => {
  it("a redirect to file:, ftp: or data: is refused with one line", async () => {
    for (const path of ["/to-file", "/to-ftp", "/to-data"]) {
      const error = await downloadError(`${base}${path}`);
      expect(error.message).toMatch(/only http and https redirects are followed/);
    }
  });

  it("a redirect to an invalid address, a file: BIORED_URL and a non-URL are refused", async () => {
    expect((await downloadError(`${base}/to-bad-url`)).message).toMatch(/invalid address/);
    expect((await downloadError("file:///etc/passwd")).message).toMatch(/only http and https URLs/);
    expect((await downloadError("not a url")).message).toMatch(/not a valid URL/);
  });
});

describe("downloader: nothing half-written is left", () => {
  it("a checksum mismatch or a dropped connection leaves no file and no temp file", async () => {
    for (const [path, message] of [
      ["/zip", /checksum mismatch/],
      ["/cut", /connection lost|received \d+ of \d+ bytes/],
    ] as const) {
      const cache = tempDir("biore-tamper-cache-");
      const error = await downloadBiored(cache, {
        url: `${base}${path}`,
        expectedSha256: "0".repeat(64),
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(message);
      expect(readdirSync(join(cache, "downloads"))).toEqual([]);
      expect(existsSync(join(cache, "biored"))).toBe(false);
    }
  });
});

describe("cached copy: SOURCE.json is checked before it is trusted", () => {
  const sha = createHash("sha256").update(TRAIN).digest("hex");
  const cases: [string, string][] = [
    ["truncated JSON", '{"files": {"Train.BioC.JSON": '],
    ["null", "null"],
    ["an array", "[]"],
    ["no files map", '{"url": "x"}'],
    ["an empty files map", '{"files": {}}'],
    ["a path leaving the folder", JSON.stringify({ files: { "../../etc/passwd": sha } })],
    ["a file that is not BioRED's", JSON.stringify({ files: { "notes.txt": sha } })],
    [
      "a digest that is not SHA-256",
      JSON.stringify({ files: { "Train.BioC.JSON": "abc", "Dev.BioC.XML": sha } }),
    ],
    ["Train without Dev", JSON.stringify({ files: { "Train.BioC.JSON": sha } })],
  ];
  for (const [what, text] of cases) {
    it(`${what}: the copy is reported damaged`, () => {
      const cache = tempDir("biore-tamper-cache-");
      const dir = join(cache, "biored");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "Train.BioC.JSON"), TRAIN);
      writeFileSync(join(dir, "SOURCE.json"), text);
      let error: unknown;
      try {
        cachedBiored(cache);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(/cached BioRED copy .* is damaged/);
      expect((error as UserError).hint).toMatch(/delete/);
    });
  }
});

describe("zip extraction", () => {
  const zipFile = (entries: Parameters<typeof zipSync>[0]) => {
    const path = join(tempDir("biore-zip-"), "BIORED.zip");
    writeFileSync(path, zipSync(entries));
    return path;
  };
  const extractError = (path: string, dest: string, limits = {}) => {
    try {
      extractFlat(path, dest, WANTED, limits);
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return error as UserError;
    }
    throw new Error("extraction did not fail");
  };

  it("a folder entry named like a split is skipped, not written as an empty file", () => {
    const dest = tempDir("biore-out-");
    const path = zipFile({ "BioRED/Train.BioC.JSON/": {}, "BioRED/Dev.BioC.XML": DEV });
    expect(extractFlat(path, dest, WANTED)).toEqual(["Dev.BioC.XML"]);
    expect(readdirSync(dest)).toEqual(["Dev.BioC.XML"]);
  });

  it("two entries with the same split name are an error; nothing is left behind", () => {
    const dest = tempDir("biore-out-");
    const path = zipFile({
      "BioRED/Train.BioC.JSON": TRAIN,
      "BioRED/Dev.BioC.XML": DEV,
      "old/Train.BioC.JSON": strToU8("{}"),
    });
    expect(extractError(path, dest).message).toMatch(/holds Train\.BioC\.JSON twice/);
    expect(readdirSync(dest)).toEqual([]);
  });

  it("an entry inflating past the per-file limit stops there (a zip bomb), nothing left behind", () => {
    const dest = tempDir("biore-out-");
    const path = zipFile({
      "BioRED/Dev.BioC.XML": DEV,
      "BioRED/Train.BioC.JSON": new Uint8Array(4 << 20),
    });
    const error = extractError(path, dest, { maxEntryBytes: 1 << 20 });
    expect(error.message).toMatch(/past 1048576 bytes per file.*zip bomb/);
    expect(readdirSync(dest)).toEqual([]);
  });

  it("the total limit counts every extracted file", () => {
    const dest = tempDir("biore-out-");
    const big = new Uint8Array(600 << 10);
    const path = zipFile({ "BioRED/Dev.BioC.XML": big, "BioRED/Train.BioC.JSON": big });
    expect(extractError(path, dest, { maxTotalBytes: 1 << 20 }).message).toMatch(/in all/);
  });

  it("a truncated archive and random bytes are one clear error or no files", () => {
    const dest = tempDir("biore-out-");
    const whole = zipSync({ "BioRED/Train.BioC.JSON": new Uint8Array(200_000).fill(7) });
    const cut = join(tempDir("biore-zip-"), "cut.zip");
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.byteLength / 2)));
    expect(extractError(cut, dest).message).toMatch(/truncated|not a readable zip/);
    expect(readdirSync(dest)).toEqual([]);
    const noise = join(tempDir("biore-zip-"), "noise.zip");
    writeFileSync(noise, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
    let written: string[] = [];
    try {
      written = extractFlat(noise, dest, WANTED);
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
    }
    expect(written).toEqual([]);
  });
});

import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import { dirname } from "node:path";
import { createAtomicWriteStream } from "@biore/bioc-io";
import { UserError } from "../user-error.js";

/** Bytes received so far and the total when the server said it (Content-Length). */
export type DownloadProgress = (received: number, total: number | undefined) => void;

/** What a finished download wrote. */
export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
}

/** Options for {@link downloadFile}. */
export interface DownloadOptions {
  onProgress?: DownloadProgress;
  /** When set, a download with another SHA-256 is deleted and rejected. */
  expectedSha256?: string;
  /** Gives up when no byte arrives for this long. */
  idleTimeoutMs?: number;
  maxRedirects?: number;
}

const NETWORK_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

function offlineError(url: string, cause: string): UserError {
  return new UserError(
    `could not download ${url}: ${cause}`,
    "this machine looks offline; pass --data <dir> with BioRED's files, set BIORED_DIR, or place them in ../shared/data/biored",
  );
}

/** Only http(s) is fetched: a redirect to `file:`, `ftp:` or `data:` must not read local files. */
function checkProtocol(original: string, current: string, hop: number): void {
  let protocol: string;
  try {
    protocol = new URL(current).protocol;
  } catch {
    throw new UserError(
      `could not download ${JSON.stringify(current)}: not a valid URL`,
      "set BIORED_URL to an http(s) address, or pass --data <dir>",
    );
  }
  if (protocol === "http:" || protocol === "https:") return;
  throw new UserError(
    hop === 0
      ? `could not download ${current}: only http and https URLs are fetched, not ${protocol}`
      : `could not download ${original}: the server redirected to ${current}; only http and https redirects are followed`,
    "set BIORED_URL to an http(s) address, or pass --data <dir> with BioRED's files",
  );
}

function request(url: string, idleTimeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith("https:") ? httpsGet : httpGet;
    const req = get(url, { timeout: idleTimeoutMs }, resolve);
    req.on("timeout", () =>
      req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
    );
    req.on("error", reject);
  });
}

async function open(
  url: string,
  opts: Required<Pick<DownloadOptions, "idleTimeoutMs" | "maxRedirects">>,
) {
  let current = url;
  for (let hop = 0; hop <= opts.maxRedirects; hop++) {
    checkProtocol(url, current, hop);
    let response: IncomingMessage;
    try {
      response = await request(current, opts.idleTimeoutMs);
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      if (err.code && NETWORK_CODES.has(err.code))
        throw offlineError(url, `${err.code} (${err.message})`);
      throw error;
    }
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      try {
        current = new URL(response.headers.location, current).toString();
      } catch {
        throw new UserError(
          `could not download ${url}: the server redirected to an invalid address ${JSON.stringify(response.headers.location)}`,
          "set BIORED_URL to a direct link, or pass --data <dir>",
        );
      }
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new UserError(
        `could not download ${url}: HTTP ${status}`,
        "the file may have moved; set BIORED_URL to a mirror, or pass --data <dir>",
      );
    }
    return response;
  }
  throw new UserError(
    `could not download ${url}: too many redirects`,
    "set BIORED_URL to a direct link",
  );
}

/**
 * Downloads `url` to `dest` (through bioc-io's atomic write: a temp file renamed when complete),
 * hashing as it streams. Network failures become a UserError that says the
 * machine looks offline.
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const response = await open(url, {
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    maxRedirects: options.maxRedirects ?? 5,
  });
  const lengthHeader = response.headers["content-length"];
  const total = lengthHeader ? Number(lengthHeader) : undefined;
  mkdirSync(dirname(dest), { recursive: true });
  // bioc-io's atomic write: a temp file beside `dest`, removed on error and on
  // SIGINT/SIGTERM, renamed onto `dest` only once complete and verified
  const target = createAtomicWriteStream(dest);
  const hash = createHash("sha256");
  let received = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        hash.update(chunk);
        options.onProgress?.(received, total);
      });
      response.on("error", (error) =>
        reject(offlineError(url, `connection lost after ${received} bytes (${error.message})`)),
      );
      response.on("aborted", () =>
        reject(offlineError(url, `connection lost after ${received} bytes`)),
      );
      response.on("end", resolve);
      target.stream.on("error", reject);
      response.pipe(target.stream, { end: false });
    });
    if (total !== undefined && received !== total) {
      throw offlineError(url, `received ${received} of ${total} bytes`);
    }
    const sha256 = hash.digest("hex");
    if (options.expectedSha256 && options.expectedSha256.toLowerCase() !== sha256) {
      throw new UserError(
        `checksum mismatch for ${url}: expected sha256 ${options.expectedSha256}, got ${sha256}`,
        "the download is corrupt or the file changed upstream; retry, or check BIORED_SHA256",
      );
    }
    await target.commit();
    return { path: dest, bytes: received, sha256 };
  } catch (error) {
    response.destroy();
    await target.abort();
    throw error;
  }
}

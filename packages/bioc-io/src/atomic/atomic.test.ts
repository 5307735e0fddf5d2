import { spawn } from "node:child_process";
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BioCError } from "../errors.js";
import type { BioCDocument } from "../model.js";
import { createCollectionWriter, writeDocuments } from "../stream-writer.js";
import { writeCollection } from "../write.js";
import { liveTempFiles, staleTempFiles, sweepStaleTempFiles } from "./temp-files.js";
import { WriteError, toWriteError } from "./write-error.js";
import { writeFileAtomic } from "./write-file.js";
import { createAtomicWriteStream } from "./write-stream.js";

const root = mkdtempSync(join(tmpdir(), "bioc-io-atomic-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function folder(): string {
  const d = join(root, String(n++));
  mkdirSync(d);
  return d;
}

function caught(f: () => unknown): WriteError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WriteError);
    expect(e).toBeInstanceOf(BioCError);
    return e as WriteError;
  }
  throw new Error("expected a WriteError");
}

async function rejected(p: Promise<unknown>): Promise<WriteError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WriteError);
  return e as WriteError;
}

const DOC: BioCDocument = { id: "d1", infons: {}, passages: [], annotations: [], relations: [] };
const HEADER = { source: "s", date: "", key: "", infons: {} };

describe("writeFileAtomic", () => {
  it("writes and replaces a file, leaving no temp file", () => {
    const d = folder();
    const p = join(d, "a.txt");
    writeFileAtomic(p, "one");
    writeFileAtomic(p, new TextEncoder().encode("two"));
    expect(readFileSync(p, "utf8")).toBe("two");
    expect(readdirSync(d)).toEqual(["a.txt"]);
    expect(liveTempFiles()).toEqual([]);
  });

  it("names each failure with a code and the path", () => {
    const d = folder();
    const missing = caught(() => writeFileAtomic(join(d, "no", "a.txt"), "x"));
    expect(missing.code).toBe("OUTPUT_FOLDER_MISSING");
    expect(missing.path).toBe(join(d, "no", "a.txt"));
    expect(missing.message).toContain(join(d, "no"));
    expect(caught(() => writeFileAtomic(d, "x")).code).toBe("OUTPUT_IS_DIRECTORY");
    writeFileSync(join(d, "file"), "x");
    expect(caught(() => writeFileAtomic(join(d, "file", "a.txt"), "x")).code).toBe(
      "OUTPUT_FOLDER_MISSING",
    );
    if (process.platform === "linux")
      expect(caught(() => writeFileAtomic("/proc/nope.json", "x")).code).toBe(
        "OUTPUT_NOT_PERMITTED",
      );
    expect(readdirSync(d)).toEqual(["file"]);
  });

  it("refuses to write over an input, by path, symlink or hard link", () => {
    const d = folder();
    const input = join(d, "in.json");
    writeFileSync(input, "original");
    symlinkSync(input, join(d, "sym.json"));
    linkSync(input, join(d, "hard.json"));
    for (const target of [
      input,
      join(d, ".", "in.json"),
      join(d, "sym.json"),
      join(d, "hard.json"),
    ])
      expect(caught(() => writeFileAtomic(target, "new", { inputs: [input] })).code).toBe(
        "OUTPUT_IS_INPUT",
      );
    expect(readFileSync(input, "utf8")).toBe("original");
  });

  it("writes through a symlink to its file, keeping the link", () => {
    const d = folder();
    writeFileSync(join(d, "real.txt"), "old");
    symlinkSync(join(d, "real.txt"), join(d, "link.txt"));
    writeFileAtomic(join(d, "link.txt"), "new");
    expect(readFileSync(join(d, "real.txt"), "utf8")).toBe("new");
    expect(readdirSync(d).sort()).toEqual(["link.txt", "real.txt"]);
  });

  it("writes an existing device in place", () => {
    if (process.platform === "win32") return;
    writeFileAtomic("/dev/null", "discarded");
  });

  it("maps system errors to codes", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(toWriteError(err("ENOSPC"), "/x/a").code).toBe("OUTPUT_NO_SPACE");
    expect(toWriteError(err("EACCES"), "/x/a").code).toBe("OUTPUT_NOT_PERMITTED");
    expect(toWriteError(err("EROFS"), "/x/a").code).toBe("OUTPUT_NOT_PERMITTED");
    expect(toWriteError(err("EISDIR"), "/x/a").code).toBe("OUTPUT_IS_DIRECTORY");
    expect(toWriteError(err("EIO"), "/x/a").code).toBe("WRITE_FAILED");
    expect(toWriteError(err("EIO"), "/x/a").systemCode).toBe("EIO");
  });

  it("removes temp files of writers that died (pid no longer runs)", async () => {
    const d = folder();
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["-e", ""]);
      child.on("exit", () => resolve(child.pid as number));
    });
    const host = hostname().replace(/[^A-Za-z0-9-]/g, "-");
    const stale = join(d, `.out.json.${host}.${dead}.deadbeef.tmp`);
    const mine = `.out.json.${host}.${process.pid}.cafebabe.tmp`;
    writeFileSync(stale, "half");
    writeFileSync(join(d, mine), "live");
    writeFileAtomic(join(d, "out.json"), "{}");
    expect(readdirSync(d).sort()).toEqual([mine, "out.json"]);
    expect(sweepStaleTempFiles(join(d, "out.json"))).toBe(0);
  });

  it("staleTempFiles names a SIGKILLed writer's temp file and nothing that only looks like one", async () => {
    const d = folder();
    const target = join(d, "out.json");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "testing", "hold-temp.ts"), target],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    const [left] = readdirSync(d);
    const host = hostname().replace(/[^A-Za-z0-9-]/g, "-");
    expect(left).toMatch(
      new RegExp(`^\\.out\\.json\\.${host}\\.${child.pid}\\.[0-9a-f]{8}\\.tmp$`),
    );
    const lookalikes = [
      ".out.json.tmp",
      `.out.json.${host}.${child.pid}.tmp`,
      `out.json.${host}.${child.pid}.deadbeef.tmp`,
      `.out.json.${host}.${child.pid}.DEADBEEF.tmp`,
      `.out.json.${host}.${child.pid}.deadbeef.tmp.bak`,
    ];
    for (const name of lookalikes) writeFileSync(join(d, name), "a user's file");
    mkdirSync(join(d, `.dir.${host}.${child.pid}.deadbeef.tmp`));
    expect(staleTempFiles(d)).toEqual([left]);
    expect(staleTempFiles(d, (t) => t === "out.json")).toEqual([left]);
    expect(staleTempFiles(d, (t) => t === "other.json")).toEqual([]);
    expect(staleTempFiles(join(d, "missing"))).toEqual([]);
    expect(sweepStaleTempFiles(target)).toBe(1);
    expect(readdirSync(d).length).toBe(lookalikes.length + 1);
  });

  it("keeps another host's temp file while it is fresh, removes it once untouched for an hour", () => {
    const d = folder();
    const theirs = join(d, ".out.json.other-machine.4242.0badf00d.tmp");
    writeFileSync(theirs, "being written on another machine");
    expect(sweepStaleTempFiles(join(d, "out.json"))).toBe(0);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(theirs, twoHoursAgo, twoHoursAgo);
    expect(sweepStaleTempFiles(join(d, "out.json"))).toBe(1);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe("createAtomicWriteStream", () => {
  it("shows nothing at the path until commit", async () => {
    const d = folder();
    const p = join(d, "s.txt");
    writeFileSync(p, "old");
    const w = createAtomicWriteStream(p);
    w.stream.write("new ");
    w.stream.write("content");
    expect(readFileSync(p, "utf8")).toBe("old");
    await w.commit();
    expect(readFileSync(p, "utf8")).toBe("new content");
    expect(readdirSync(d)).toEqual(["s.txt"]);
  });

  it("abort during an in-flight write waits for it, so the next write's descriptor is untouched", async () => {
    const d = folder();
    const first = createAtomicWriteStream(join(d, "a.txt"));
    first.stream.write(Buffer.alloc(8 * 1024 * 1024, 97));
    await first.abort();
    const second = createAtomicWriteStream(join(d, "b.txt"));
    second.stream.write("second");
    await second.commit();
    expect(readFileSync(join(d, "b.txt"), "utf8")).toBe("second");
    expect(readdirSync(d)).toEqual(["b.txt"]);
  });

  it("abort and stream errors leave the old file and no temp file", async () => {
    const d = folder();
    const p = join(d, "s.txt");
    writeFileSync(p, "old");
    const a = createAtomicWriteStream(p);
    a.stream.write("x");
    await a.abort();
    await a.abort();
    const b = createAtomicWriteStream(p);
    b.stream.destroy(Object.assign(new Error("disk gone"), { code: "EIO" }));
    const e = await rejected(b.commit());
    expect(e.code).toBe("WRITE_FAILED");
    expect(readFileSync(p, "utf8")).toBe("old");
    expect(readdirSync(d)).toEqual(["s.txt"]);
    expect(liveTempFiles()).toEqual([]);
  });

  it("throws before returning when the file cannot be created", () => {
    const d = folder();
    expect(caught(() => createAtomicWriteStream(join(d, "x", "y.json"))).code).toBe(
      "OUTPUT_FOLDER_MISSING",
    );
    expect(caught(() => createAtomicWriteStream(d)).code).toBe("OUTPUT_IS_DIRECTORY");
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const)
    it(`removes its temp file on ${signal} and dies of the signal`, async () => {
      const d = folder();
      const target = join(d, "big.json");
      writeFileSync(target, "intact");
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(import.meta.dirname, "testing", "hold-temp.ts"), target],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      expect(readdirSync(d).length).toBe(2); // the target and the live temp file
      child.kill(signal);
      const died = await new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, sig) => resolve(sig)),
      );
      expect(died).toBe(signal);
      expect(readdirSync(d)).toEqual(["big.json"]);
      expect(readFileSync(target, "utf8")).toBe("intact");
    });
});

describe("bioc-io writers", () => {
  it("reject, not resolve, when nothing could be written", async () => {
    const d = folder();
    for (const bad of [join(d, "no", "x.json"), d, "/proc/nope.json"]) {
      if (bad.startsWith("/proc") && process.platform !== "linux") continue;
      await rejected(writeDocuments(bad, HEADER, [DOC], { format: "json" }));
      caught(() => createCollectionWriter(bad, HEADER, { format: "json" }));
      caught(() => writeCollection({ ...HEADER, documents: [DOC] }, bad, { format: "json" }));
    }
    expect(readdirSync(d)).toEqual([]);
  });

  it("leave the old file intact when the documents fail half-way", async () => {
    const d = folder();
    const p = join(d, "out.json");
    writeFileSync(p, "old");
    async function* docs() {
      yield DOC;
      throw new Error("input broke");
    }
    await expect(writeDocuments(p, HEADER, docs())).rejects.toThrow("input broke");
    expect(readFileSync(p, "utf8")).toBe("old");
    expect(readdirSync(d)).toEqual(["out.json"]);
  });

  it("refuse to write over their inputs", async () => {
    const d = folder();
    const p = join(d, "in.json");
    writeFileSync(p, "orig");
    expect((await rejected(writeDocuments(p, HEADER, [DOC], { inputs: [p] }))).code).toBe(
      "OUTPUT_IS_INPUT",
    );
    expect(readFileSync(p, "utf8")).toBe("orig");
  });
});

// Benchmark: MB/s for reading and writing real BioC files, eager and
// streaming, next to JSON.parse / JSON.stringify of the same content and (for
// XML) saxes alone on the same text, measured in the same run; then a
// generated >= 1 GB file streamed in a child process whose peak RSS is
// reported.
//
//   pnpm --filter @biore/bioc-io bench
//   BENCH_BIG_MB=1024 (size of the generated file), BENCH_BIG=json|xml|both|none,
//   BENCH_SECONDS=3 (about how long the interleaved reads of each file run; at least 9 rounds),
//   BENCH_FILES=none to skip the real-file part, BENCH_ONLY=<text> to bench only the
//   files whose name contains it
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { SaxesParser } from "saxes";
import {
  type BioCCollection,
  type BioCDocument,
  createCollectionWriter,
  formatCollection,
  parseCollection,
  streamDocuments,
} from "../src/index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const dataRoot = process.env.BIORE_DATA_DIR ?? resolve(here, "../../../../shared/data");
const MB = 1e6;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Seconds of one run: wall clock, and CPU time of this process (steadier on a shared machine). */
interface Timing {
  wall: number;
  cpu: number;
  /** rounds measured (interleaved timings only) */
  runs?: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Median wall and CPU seconds of `fn` over `runs` runs after one warm-up.
 * (A forced full GC between runs is no fairer: V8 then shrinks the young
 * generation and saxes alone ran 5x slower.)
 */
async function time(fn: () => unknown, runs = 7): Promise<Timing> {
  await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuSeconds();
    const t0 = performance.now();
    await fn();
    wall.push((performance.now() - t0) / 1000);
    cpu.push(cpuSeconds() - c0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/**
 * saxes alone on the same text, fed in the same 64 KiB slices as the eager
 * reader, with empty handlers: what reading XML costs before any BioC work.
 */
function saxesOnly(text: string): void {
  const sax = new SaxesParser({ xmlns: false, position: false });
  sax.on("opentag", () => {});
  sax.on("closetag", () => {});
  sax.on("text", () => {});
  for (let i = 0; i < text.length; i += 1 << 16) sax.write(text.slice(i, i + (1 << 16)));
  sax.close();
}

/**
 * Median wall and CPU seconds of each of `fns`, run in turns after a warm-up:
 * at least `minRuns` rounds, and as many more as fit in about `seconds`, so
 * that a small file (a few ms a read) is not judged by 9 samples, each of
 * which a single garbage collection can double.
 */
function interleaved(
  fns: (() => unknown)[],
  minRuns = 9,
  seconds = Number(process.env.BENCH_SECONDS ?? 3),
): Timing[] {
  const t0 = performance.now();
  for (const fn of fns) fn();
  const round = (performance.now() - t0) / 1000;
  const runs = Math.min(301, Math.max(minRuns, Math.ceil(seconds / round)));
  const wall = fns.map(() => [] as number[]);
  const cpu = fns.map(() => [] as number[]);
  for (let r = 0; r < runs; r++)
    fns.forEach((fn, i) => {
      const c0 = cpuSeconds();
      const t0 = performance.now();
      fn();
      wall[i]?.push((performance.now() - t0) / 1000);
      cpu[i]?.push(cpuSeconds() - c0);
    });
  return fns.map((_, i) => ({
    wall: median(wall[i] ?? []),
    cpu: median(cpu[i] ?? []),
    runs,
  }));
}

/** A Writable that drops everything (measures formatting, not the disk). */
function nullSink(): Writable {
  return new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
}

const rows: string[][] = [];
function row(...cells: string[]) {
  rows.push(cells);
}
function printRows() {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  "));
  rows.length = 0;
}
const f1 = (x: number) => x.toFixed(1);

async function benchFile(name: string, path: string): Promise<void> {
  const bytes = readFileSync(path);
  const text = bytes.toString("utf8");
  const mb = bytes.length / MB;
  const format = /json$/i.test(name) ? "json" : "xml";
  // warnings (BC6PM Relations has one TEXT_MISMATCH) are counted, not printed on every read
  const quiet = { onWarning: () => {} };
  const collection: BioCCollection = parseCollection(text, quiet);
  const json = formatCollection(collection, { format: "json" });
  const jsonMb = Buffer.byteLength(json) / MB;

  // reference: JSON.parse of the same bytes (for XML files: of the same collection as JSON)
  const refText = format === "json" ? text : json;
  const refMb = format === "json" ? mb : jsonMb;
  // the reference(s) and the eager read take turns, so that each ratio compares runs made in
  // the same state of the heap and the machine
  const together = [() => JSON.parse(refText), () => parseCollection(text, quiet)];
  if (format === "xml") together.push(() => saxesOnly(text));
  const [ref, eager, sax] = interleaved(together) as [Timing, Timing, Timing | undefined];
  const streaming = await time(async () => {
    let n = 0;
    for await (const _ of streamDocuments(path, quiet)) n++;
    return n;
  }, 3);
  const out = formatCollection(collection, { format });
  const outMb = Buffer.byteLength(out) / MB;
  const write = await time(() => formatCollection(collection, { format }));
  const stringify = await time(() => JSON.stringify(collection));
  const { documents, ...header } = collection;
  const streamWrite = await time(async () => {
    const w = createCollectionWriter(nullSink(), header, { format });
    for (const d of documents) await w.write(d);
    await w.close();
  }, 3);

  const refRate = refMb / ref.cpu;
  console.log(
    `\n${name}  (${f1(mb)} MB, ${documents.length} documents; reads: medians of ${eager.runs} interleaved rounds)`,
  );
  const saxRate = sax ? mb / sax.cpu : undefined;
  row("operation", "MB/s (CPU)", "MB/s (wall)", "vs JSON.parse", "vs saxes alone", "note");
  const line = (op: string, megabytes: number, t: Timing, vsRef: boolean, note: string) => {
    const rate = megabytes / t.cpu;
    row(
      op,
      f1(rate),
      f1(megabytes / t.wall),
      vsRef ? (rate / refRate).toFixed(2) : "",
      vsRef && saxRate ? (rate / saxRate).toFixed(2) : "",
      note,
    );
  };
  line(
    `JSON.parse (${format === "json" ? "same bytes" : "same collection as JSON"})`,
    refMb,
    ref,
    true,
    "reference",
  );
  if (sax) line("saxes alone (no BioC work)", mb, sax, true, "XML reference");
  line(
    "read eager (parseCollection)",
    mb,
    eager,
    true,
    goal(name, format, mb / eager.cpu, refRate),
  );
  line("read streaming (streamDocuments, file)", mb, streaming, true, "");
  line("JSON.stringify (same collection)", jsonMb, stringify, false, "write reference");
  line("write eager (formatCollection)", outMb, write, false, "");
  line("write streaming (createCollectionWriter)", outMb, streamWrite, false, "");
  printRows();
}

/** The read goals of issue 15: BioRED Train XML >= 45 MB/s, JSON >= 0.85x JSON.parse. */
function goal(name: string, format: string, rate: number, ref: number): string {
  if (format === "json")
    return `goal >= 0.85x JSON.parse: ${rate / ref >= 0.85 ? "met" : "NOT met"}`;
  const target = name.startsWith("BioRED") ? 45 : 25;
  return `goal >= ${target} MB/s: ${rate >= target ? "met" : "NOT met"}`;
}

/** Writes copies of `docs` (fresh ids) until the file reaches `targetBytes`. */
async function generate(
  path: string,
  docs: BioCDocument[],
  format: "json" | "xml",
  targetBytes: number,
) {
  const w = createCollectionWriter(
    path,
    { source: "bench", date: "", key: "", infons: {} },
    { format },
  );
  let written = 0;
  let i = 0;
  const perDoc =
    Buffer.byteLength(
      formatCollection({ source: "", date: "", key: "", infons: {}, documents: docs }, { format }),
    ) / docs.length;
  const count = Math.ceil(targetBytes / perDoc) + 1;
  for (; written < count; written++, i++) {
    const d = docs[i % docs.length] as BioCDocument;
    await w.write({ ...d, id: `${d.id}-${written}` });
  }
  await w.close();
  return written;
}

/** Child process: stream one big file and report documents, seconds and peak RSS. */
async function streamBigChild(path: string) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  const c0 = cpuSeconds();
  let n = 0;
  let annotations = 0;
  for await (const d of streamDocuments(path)) {
    n++;
    for (const p of d.passages) annotations += p.annotations.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  clearInterval(timer);
  const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  process.send?.({ documents: n, annotations, seconds, cpu, peakRss: maxRss });
}

async function benchBig(docs: BioCDocument[], format: "json" | "xml", targetMb: number) {
  const dir = mkdtempSync(join(tmpdir(), "bioc-io-bench-"));
  const path = join(dir, `big.${format}`);
  try {
    const t0 = performance.now();
    const n = await generate(path, docs, format, targetMb * MB);
    const genSeconds = (performance.now() - t0) / 1000;
    const size = statSync(path).size;
    const result = await new Promise<{
      documents: number;
      annotations: number;
      seconds: number;
      cpu: number;
      peakRss: number;
    }>((resolvePromise, reject) => {
      const child = fork(fileURLToPath(import.meta.url), ["--stream-big", path]);
      child.on("message", (m) => resolvePromise(m as never));
      child.on("error", reject);
      child.on("exit", (code) => code !== 0 && reject(new Error(`child exited with ${code}`)));
    });
    const peakMb = result.peakRss / 2 ** 20;
    console.log(
      `\nstreaming a generated ${format.toUpperCase()} file: ${f1(size / MB)} MB, ${n} documents ` +
        `(written at ${f1(size / MB / genSeconds)} MB/s by the streaming writer)`,
    );
    row("read", "documents", "MB/s (CPU)", "MB/s (wall)", "peak RSS", "goal");
    row(
      "streamDocuments",
      String(result.documents),
      f1(size / MB / result.cpu),
      f1(size / MB / result.seconds),
      `${f1(peakMb)} MiB`,
      `< 300 MB: ${result.peakRss < 300 * MB ? "met" : "NOT met"}`,
    );
    printRows();
    if (result.documents !== n) throw new Error(`read ${result.documents} documents, wrote ${n}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (process.argv[2] === "--stream-big") return streamBigChild(process.argv[3] as string);
  const files: [string, string][] = [
    ["BioRED Train.BioC.XML", join(dataRoot, "biored/Train.BioC.XML")],
    [
      "BC6PM PMtask_Triage_TrainingSet JSON",
      join(dataRoot, "bc6pm/PMtask_Triage_TrainingSet.json"),
    ],
    ["BC6PM PMtask_Triage_TrainingSet XML", join(dataRoot, "bc6pm/PMtask_Triage_TrainingSet.xml")],
    // one of its documents breaks a content rule (a TEXT_MISMATCH): the reader's path for such files
    [
      "BC6PM PMtask_Relations_TrainingSet JSON",
      join(dataRoot, "bc6pm/PMtask_Relations_TrainingSet.json"),
    ],
    ["BioRED Dev.BioC.JSON", join(dataRoot, "biored/Dev.BioC.JSON")],
  ];
  const missing = files.filter(([, p]) => !existsSync(p));
  if (missing.length > 0) {
    console.error(`data missing: ${missing.map(([, p]) => p).join(", ")} (set BIORE_DATA_DIR)`);
    process.exit(1);
  }
  console.log(
    `node ${process.version}; medians of several runs after a warm-up. MB/s (CPU) divides by the CPU time of\n` +
      "this process, which stays steady when other jobs share the machine; MB/s (wall) is elapsed time.",
  );
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
  console.log(`load average (1/5/15 min) before: ${load()}`);
  const only = process.env.BENCH_ONLY;
  if (process.env.BENCH_FILES !== "none")
    for (const [name, path] of files)
      if (only === undefined || name.includes(only)) await benchFile(name, path);
  console.log(`\nload average (1/5/15 min) after: ${load()}`);

  const big = process.env.BENCH_BIG ?? "both";
  const targetMb = Number(process.env.BENCH_BIG_MB ?? 1024);
  const docs = parseCollection(readFileSync(files[0]?.[1] as string, "utf8")).documents;
  for (const format of ["json", "xml"] as const) {
    if (big === format || big === "both") await benchBig(docs, format, targetMb);
  }
}

await main();

// Benchmark: MB/s for reading and writing real BioC files, eager and
// streaming, next to JSON.parse / JSON.stringify of the same content measured
// in the same run; then a generated >= 1 GB file streamed in a child process
// whose peak RSS is reported.
//
//   pnpm --filter @biore/bioc-io bench
//   BENCH_BIG_MB=1024 (size of the generated file), BENCH_BIG=json|xml|both|none,
//   BENCH_FILES=none to skip the real-file part
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
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
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Median wall and CPU seconds of `fn` over `runs` runs after one warm-up. */
async function time(fn: () => unknown, runs = 5): Promise<Timing> {
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
  const format = name.endsWith("JSON") ? "json" : "xml";
  const collection: BioCCollection = parseCollection(text);
  const json = formatCollection(collection, { format: "json" });
  const jsonMb = Buffer.byteLength(json) / MB;

  // reference: JSON.parse of the same bytes (for XML files: of the same collection as JSON)
  const refText = format === "json" ? text : json;
  const refMb = format === "json" ? mb : jsonMb;
  const ref = await time(() => JSON.parse(refText));
  const eager = await time(() => parseCollection(text));
  const streaming = await time(async () => {
    let n = 0;
    for await (const _ of streamDocuments(path)) n++;
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
  console.log(`\n${name}  (${f1(mb)} MB, ${documents.length} documents)`);
  row("operation", "MB/s (CPU)", "MB/s (wall)", "vs JSON.parse", "note");
  const line = (op: string, megabytes: number, t: Timing, vsRef: boolean, note: string) => {
    const rate = megabytes / t.cpu;
    row(op, f1(rate), f1(megabytes / t.wall), vsRef ? (rate / refRate).toFixed(2) : "", note);
  };
  line(
    `JSON.parse (${format === "json" ? "same bytes" : "same collection as JSON"})`,
    refMb,
    ref,
    true,
    "reference",
  );
  line("read eager (parseCollection)", mb, eager, true, goal(format, mb / eager.cpu, refRate));
  line("read streaming (streamDocuments, file)", mb, streaming, true, "");
  line("JSON.stringify (same collection)", jsonMb, stringify, false, "write reference");
  line("write eager (formatCollection)", outMb, write, false, "");
  line("write streaming (createCollectionWriter)", outMb, streamWrite, false, "");
  printRows();
}

function goal(format: string, rate: number, ref: number): string {
  if (format === "xml") return `goal >= 25 MB/s: ${rate >= 25 ? "met" : "NOT met"}`;
  return `goal >= 0.5x JSON.parse: ${rate / ref >= 0.5 ? "met" : "NOT met"}`;
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
  if (process.env.BENCH_FILES !== "none")
    for (const [name, path] of files) await benchFile(name, path);

  const big = process.env.BENCH_BIG ?? "both";
  const targetMb = Number(process.env.BENCH_BIG_MB ?? 1024);
  const docs = parseCollection(readFileSync(files[0]?.[1] as string, "utf8")).documents;
  for (const format of ["json", "xml"] as const) {
    if (big === format || big === "both") await benchBig(docs, format, targetMb);
  }
}

await main();

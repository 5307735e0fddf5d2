// Throughput of `biore predict` and `biore queue` on this machine, and a worker's memory on a
// 1 GB input. Prints figures; run with `pnpm --filter @biore/cli bench` (after a build).
//   BENCH_SHARDS (8) x BENCH_SHARD_DOCS (100) real BioRED documents, repeated with fresh ids;
//   BENCH_BIG_GB (1) GB for the memory run, predicted for BENCH_BIG_SECONDS (120) s at most;
//   BENCH_BACKEND (wasm); BIORE_TEST_REDIS_URL, else a private redis-server on a free port (stopped by pid at the end).
import { type ChildProcess, spawn } from "node:child_process";
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BioCDocument, formatCollection, readCollection } from "@biore/bioc-io";
import { dataFile } from "@biore/test-data";
import { trainTinyModel } from "../src/predict/testing/fixture.js";
import { enqueue, queueStatus } from "../src/queue/index.js";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");
const SHARDS = Number(process.env.BENCH_SHARDS ?? 8);
const SHARD_DOCS = Number(process.env.BENCH_SHARD_DOCS ?? 100);
const BIG_GB = Number(process.env.BENCH_BIG_GB ?? 1);
const BIG_SECONDS = Number(process.env.BENCH_BIG_SECONDS ?? 120);
/** wasm: what `--backend auto` runs on a machine without tfjs-node (and what queue workers use). */
const BACKEND = process.env.BENCH_BACKEND ?? "wasm";

function biore(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, "--backend", BACKEND, ...args], {
    env: { ...process.env, CI: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const given = process.env.BIORE_TEST_REDIS_URL;
  if (given) return { url: given, stop: () => {} };
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  await new Promise((r) => setTimeout(r, 500));
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

/** Peak resident memory of a process so far (VmHWM), in MB; Linux only. */
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** `n` real documents, cycling through `pool` with fresh ids (`<id>-<k>`). */
function documents(pool: readonly BioCDocument[], n: number, offset: number): BioCDocument[] {
  return Array.from({ length: n }, (_, i) => {
    const d = pool[(offset + i) % pool.length] as BioCDocument;
    return { ...d, id: `${d.id}-${offset + i}` };
  });
}

async function untilDone(url: string, queue: string, shards: number): Promise<void> {
  for (;;) {
    const s = await queueStatus({ redis: url, queue });
    if (s.failed > 0) throw new Error(`a shard failed: ${s.failures[0]?.reason}`);
    if (s.completed >= shards) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "biore-bench-predict-"));
  const redis = await startRedis();
  try {
    const train = await readCollection(dataFile("biored", "Train.BioC.XML"), {
      onWarning: () => {},
    });
    // A model of the default size, trained 1 epoch on 16 documents (the tests' fixture): its
    // speed is the architecture's.
    const model = await trainTinyModel(work);

    const shardDir = join(work, "shards");
    mkdirSync(shardDir);
    for (let s = 0; s < SHARDS; s++) {
      const docs = documents(train.documents, SHARD_DOCS, s * SHARD_DOCS);
      writeFileSync(
        join(shardDir, `s${s}.pubtator`),
        formatCollection({ ...train, documents: docs }, { format: "pubtator" }),
      );
    }
    const total = SHARDS * SHARD_DOCS;
    console.log(
      `predict benchmark: ${SHARDS} shards x ${SHARD_DOCS} BioRED Train documents (PubTator), model size small, ${BACKEND} backend`,
    );

    let start = performance.now();
    const single = biore([
      "predict",
      "--model",
      model,
      shardDir,
      "--out",
      join(work, "out-single"),
    ]);
    if ((await exited(single)) !== 0) throw new Error("single-process predict failed");
    const singleSeconds = (performance.now() - start) / 1000;

    const queued = async (workers: number): Promise<number> => {
      const queue = `bench-${Date.now()}-${workers}`;
      await enqueue({
        redis: redis.url,
        queue,
        model,
        out: join(work, `out-q${workers}`),
        inputs: [shardDir],
      });
      const begin = performance.now();
      const children = Array.from({ length: workers }, () =>
        biore(["queue", "work", "--redis", redis.url, "--queue", queue]),
      );
      await untilDone(redis.url, queue, SHARDS);
      const seconds = (performance.now() - begin) / 1000;
      for (const c of children) c.kill("SIGTERM");
      await Promise.all(children.map(exited));
      return seconds;
    };
    const one = await queued(1);
    const two = await queued(2);
    const rate = (s: number) => (total / s).toFixed(1);
    console.log(
      `single-process predict: ${rate(singleSeconds)} documents/s (${singleSeconds.toFixed(1)} s, process start included)`,
    );
    console.log(
      `queue, 1 worker:         ${rate(one)} documents/s (${one.toFixed(1)} s from worker start to last shard)`,
    );
    console.log(
      `queue, 2 workers:        ${rate(two)} documents/s (${two.toFixed(1)} s; ${(singleSeconds / two).toFixed(2)}x single-process)`,
    );
    console.log(
      `queue overhead per shard: ${(((one - singleSeconds) / SHARDS) * 1000).toFixed(0)} ms ((1 worker - single-process) / ${SHARDS} shards; includes the worker thread's own start and model load)`,
    );

    // Memory: one worker on one 1 GB shard, predicted for BIG_SECONDS at most.
    const big = join(work, "big");
    mkdirSync(big);
    const bigFile = join(big, "big.pubtator");
    const stream = createWriteStream(bigFile);
    let bytes = 0;
    let k = 0;
    while (bytes < BIG_GB * 1e9) {
      const chunk = formatCollection(
        { ...train, documents: documents(train.documents, 400, k) },
        { format: "pubtator" },
      );
      k += 400;
      bytes += Buffer.byteLength(chunk);
      if (!stream.write(chunk)) await new Promise<void>((r) => stream.once("drain", () => r()));
    }
    await new Promise<void>((r) => stream.end(() => r()));
    const queue = `bench-big-${Date.now()}`;
    await enqueue({
      redis: redis.url,
      queue,
      model,
      out: join(work, "out-big"),
      inputs: [bigFile],
    });
    const w = biore(["queue", "work", "--redis", redis.url, "--queue", queue]);
    const samples: Array<[number, number]> = [];
    start = performance.now();
    let peak = 0;
    while ((performance.now() - start) / 1000 < BIG_SECONDS && w.exitCode === null) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = rssMb(w.pid as number);
      samples.push([(performance.now() - start) / 1000, now]);
      peak = Math.max(peak, peakRssMb(w.pid as number));
    }
    const status = await queueStatus({ redis: redis.url, queue });
    w.kill("SIGKILL");
    await exited(w);
    const at = (s: number) => samples.find(([t]) => t >= s)?.[1]?.toFixed(0) ?? "?";
    console.log(
      `worker on a ${(bytes / 1e9).toFixed(2)} GB shard (${k.toLocaleString("en-US")} documents): peak RSS ${peak.toFixed(0)} MB over ${BIG_SECONDS} s; RSS at 10 s ${at(10)} MB, 30 s ${at(30)} MB, 60 s ${at(60)} MB, ${BIG_SECONDS - 5} s ${at(BIG_SECONDS - 5)} MB (the shard was ${status.active === 1 ? "still running" : "done"} when stopped)`,
    );
  } finally {
    redis.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();

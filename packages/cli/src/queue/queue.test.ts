import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { requireData } from "@biore/test-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  biore,
  devShard,
  haveCorpora,
  readOutput,
  relationsOf,
  spawnBiore,
  tempDir,
  tempFiles,
  trainTinyModel,
  waitFor,
  writeDanglingShard,
  writeShards,
} from "../predict/testing/fixture.js";
import { enqueue } from "./enqueue.js";
import { queueStatus, retryFailed } from "./status.js";

/** The Redis that .ci/run starts (127.0.0.1, a free port, no persistence). */
const REDIS = process.env.BIORE_TEST_REDIS_URL;
if (!REDIS) {
  const msg = "BIORE_TEST_REDIS_URL is not set (no test Redis; .ci/run starts one)";
  if (requireData) throw new Error(`${msg}; REQUIRE_DATA=1 so this is a failure`);
  console.warn(`[skip] queue tests: ${msg}`);
}
const available = Boolean(REDIS) && haveCorpora();
const redis = REDIS ?? "";
const work = tempDir("queue");
let model = "";
let shards: string[] = [];
let queueNumber = 0;
const children: Array<ReturnType<typeof spawnBiore>> = [];

/** A queue of its own for each test, so tests never see each other's jobs. */
function freshQueue(): string {
  return `biore-test-${process.pid}-${Date.now()}-${queueNumber++}`;
}

function worker(queue: string, ...extra: string[]) {
  const w = spawnBiore(["queue", "work", "--redis", redis, "--queue", queue, ...extra]);
  children.push(w);
  return w;
}

async function stop(w: ReturnType<typeof spawnBiore>) {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
  await w.exited;
}

describe.skipIf(!available)("biore queue on a real Redis", () => {
  beforeAll(async () => {
    model = await trainTinyModel(work);
    shards = await writeShards(join(work, "in"));
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  });

  it("enqueuing the same shards twice adds nothing; status counts them", async () => {
    const queue = freshQueue();
    const out = join(work, "out-twice");
    const first = await enqueue({ redis, queue, model, out, inputs: [join(work, "in")] });
    const second = await enqueue({ redis, queue, model, out, inputs: shards });
    expect([first.added, first.alreadyQueued]).toEqual([3, 0]);
    expect([second.added, second.alreadyQueued]).toEqual([0, 3]);
    const status = await queueStatus({ redis, queue });
    expect(status).toMatchObject({ waiting: 3, active: 0, completed: 0, failed: 0 });
    // Outputs that would land on the inputs are refused before anything is queued.
    const onInputs = await biore(
      "queue",
      "enqueue",
      "--redis",
      redis,
      "--queue",
      queue,
      "--model",
      model,
      "--out",
      join(work, "in"),
      join(work, "in"),
    );
    expect(onInputs.code).toBe(1);
    expect(onInputs.err).toMatch(/^error: .*which is an input/m);
    const cli = await biore("queue", "status", "--redis", redis, "--queue", queue, "--json");
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.out)).toMatchObject({ waiting: 3, active: 0, completed: 0, failed: 0 });
  });

  it("two workers' outputs equal single-process predict, document by document, relation by relation", async () => {
    const single = join(work, "out-single");
    expect((await biore("predict", "--model", model, join(work, "in"), "--out", single)).code).toBe(
      0,
    );
    const queue = freshQueue();
    const out = join(work, "out-queued");
    const cli = await biore(
      "queue",
      "enqueue",
      "--redis",
      redis,
      "--queue",
      queue,
      "--model",
      model,
      "--out",
      out,
      join(work, "in"),
    );
    expect(cli.out).toMatch(/3 shard\(s\) added, 0 already queued/);
    const a = worker(queue);
    const b = worker(queue);
    await waitFor(
      async () => (await queueStatus({ redis, queue })).completed === 3,
      90_000,
      "3 completed shards",
    );
    await Promise.all([stop(a), stop(b)]);
    expect(readdirSync(out).sort()).toEqual(["a.json", "b.pubtator", "c.xml.gz", "manifest.jsonl"]);
    const expected = await relationsOf(single);
    const got = await relationsOf(out);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, score] of got)
      expect(Math.abs(score - (expected.get(key) as number))).toBeLessThan(2e-3);
    for (const name of ["a.json", "b.pubtator", "c.xml.gz"]) {
      const ids = (await readOutput(join(out, name))).documents.map((d) => d.id);
      expect(ids).toEqual((await readOutput(join(single, name))).documents.map((d) => d.id));
    }
    const status = await queueStatus({ redis, queue });
    expect(status.documents).toBe(40);
    expect(status.documentsPerSecond).toBeGreaterThan(0);
    expect(status.etaSeconds).toBe(0);
    // Both workers took part (each says what it did on stderr).
    expect(`${a.stderr}\n${b.stderr}`.match(/^done /gm)).toHaveLength(3);
  });

  it("what a shard's lenient read tolerated: a warning line from the worker, counts in status", async () => {
    const queue = freshQueue();
    const dangling = await writeDanglingShard(join(work, "in-dangling"));
    const out = join(work, "out-dangling");
    await biore(
      "queue",
      "enqueue",
      "--redis",
      redis,
      "--queue",
      queue,
      "--model",
      model,
      "--out",
      out,
      dangling,
    );
    const w = worker(queue);
    await waitFor(
      async () => (await queueStatus({ redis, queue })).completed === 1,
      90_000,
      "1 completed shard",
    );
    await stop(w);
    expect(w.stderr).toMatch(/^warning: .*dangling\.json read leniently: 1 DANGLING_REFERENCE/m);
    const status = await queueStatus({ redis, queue });
    expect(status.warnings).toMatchObject({ DANGLING_REFERENCE: 1 });
    const cli = await biore("queue", "status", "--redis", redis, "--queue", queue);
    expect(cli.out).toMatch(/^tolerated in completed shards: .*1 DANGLING_REFERENCE/m);
  });

  it("a malformed shard fails its own job with the file and place, after its attempts; the others finish", async () => {
    const queue = freshQueue();
    const input = join(work, "in-bad");
    await writeShards(input);
    const text = await devShard(0, 4, "json");
    writeFileSync(join(input, "bad.json"), text.slice(0, Math.floor(text.length / 2)));
    const out = join(work, "out-bad");
    await enqueue({ redis, queue, model, out, inputs: [input], attempts: 2, backoffMs: 200 });
    const w = worker(queue);
    await waitFor(
      async () => {
        const s = await queueStatus({ redis, queue });
        return s.completed === 3 && s.failed === 1;
      },
      90_000,
      "3 completed and 1 failed",
    );
    await stop(w);
    const status = await queueStatus({ redis, queue });
    expect(status.failures).toHaveLength(1);
    expect(status.failures[0]?.reason).toMatch(/bad\.json/);
    expect(status.failures[0]?.reason).toMatch(/\d+:\d+|offset \d+/);
    expect(w.stderr).toMatch(/attempt 1\/2 of .*bad\.json failed, will retry/);
    expect(w.stderr).toMatch(/FAILED .*bad\.json after 2 attempt\(s\)/);
    expect(readdirSync(out).sort()).toEqual(["a.json", "b.pubtator", "c.xml.gz", "manifest.jsonl"]);
    expect(await retryFailed({ redis, queue })).toBe(1);
    expect(await queueStatus({ redis, queue })).toMatchObject({ failed: 0, waiting: 1 });
  });

  it("kill -9 of a worker mid-shard: another worker completes it; one whole output, no temp file", async () => {
    const queue = freshQueue();
    const input = join(work, "in-big");
    await writeShards(input);
    rmSync(join(input, "a.json"));
    rmSync(join(input, "c.xml.gz"));
    writeFileSync(join(input, "b.pubtator"), await devShard(0, 100, "pubtator"));
    const out = join(work, "out-kill");
    await enqueue({ redis, queue, model, out, inputs: [input] });
    const victim = worker(queue, "--lock-duration", "2000");
    await waitFor(
      () => existsSync(out) && tempFiles(out).length > 0,
      60_000,
      "the victim writing its temp file",
    );
    victim.child.kill("SIGKILL");
    await victim.exited;
    expect(existsSync(join(out, "b.pubtator"))).toBe(false);
    const rescuer = worker(queue, "--lock-duration", "2000");
    await waitFor(
      async () => (await queueStatus({ redis, queue })).completed === 1,
      90_000,
      "the shard completed by the rescuer",
    );
    await stop(rescuer);
    expect(readdirSync(out).sort()).toEqual(["b.pubtator", "manifest.jsonl"]);
    expect((await readOutput(join(out, "b.pubtator"))).documents).toHaveLength(100);
    const lines = readFileSync(join(out, "manifest.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).documents).toBe(100);
  });

  it("an unwritable output folder fails the job cleanly, nothing half-written", async () => {
    const queue = freshQueue();
    const out = join(work, "out-gone");
    await enqueue({ redis, queue, model, out, inputs: [shards[0] as string], attempts: 1 });
    // The folder the job was enqueued with is now a plain file: nothing can be written in it.
    rmSync(out, { recursive: true });
    writeFileSync(out, "not a folder");
    const w = worker(queue);
    await waitFor(
      async () => (await queueStatus({ redis, queue })).failed === 1,
      60_000,
      "the failed job",
    );
    await stop(w);
    const status = await queueStatus({ redis, queue });
    expect(status.failures[0]?.reason).toMatch(/out-gone/);
    expect(readFileSync(out, "utf8")).toBe("not a folder");
    expect(readdirSync(work).filter((n) => n.startsWith(".out-gone"))).toEqual([]);
  });

  it("Redis unreachable: enqueue and status say so in one line and exit 1; a worker retries with backoff", async () => {
    const nowhere = "redis://:secret@127.0.0.1:1";
    for (const args of [
      ["queue", "status", "--redis", nowhere],
      [
        "queue",
        "enqueue",
        "--redis",
        nowhere,
        "--model",
        model,
        "--out",
        join(work, "x"),
        shards[0] as string,
      ],
    ]) {
      const r = await biore(...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/m);
      expect(r.err).not.toMatch(/secret/);
      expect(r.err).not.toMatch(/^\s+at /m);
    }
    const w = worker("unreachable", "--redis", nowhere);
    await waitFor(() => /retrying in 2 s \(attempt 2\)/.test(w.stderr), 20_000, "two retry lines");
    expect(w.stderr).toMatch(
      /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/?; retrying in 1 s \(attempt 1\)/,
    );
    expect(w.stderr).not.toMatch(/secret/);
    w.child.kill("SIGKILL");
    await w.exited;
  });
});

import { createReadStream } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import {
  type BioCDocument,
  createAtomicWriteStream,
  createCollectionWriter,
  streamDocuments,
} from "@biore/bioc-io";
import {
  type RelationSchema,
  type TypeMapping,
  type UnknownEntityTypes,
  detectSchema,
} from "@biore/relation-dataset";
import { type RelationModel, encodeForModel, predict } from "@biore/re-models";
import { PredictError } from "./errors.js";
import type { ShardOutput } from "./outputs.js";
import { type ShardWarnings, countWarnings, noShardWarnings } from "./shard-warnings.js";
import type { Shard } from "./shards.js";
import { UnknownTypeTally, knowsNoPair, knowsNoPairMessage } from "./unknown-types.js";

/** How to predict one shard. */
export interface PredictShardOptions {
  /** Documents per forward pass; memory stays bounded by it. Default 32. */
  batch?: number;
  /** The input's conventions; default: detected from its first documents. */
  schema?: RelationSchema;
  /** Renames the input's entity types to the model's. */
  typeMap?: TypeMapping;
  /** After each batch: documents done, and bytes of the input file read so far. */
  onProgress?: (documents: number, bytesRead: number) => void;
}

/** What predicting one shard did. */
export interface ShardResult {
  shard: string;
  output: string;
  documents: number;
  relations: number;
  seconds: number;
  schema: string;
  unknownEntityTypes: UnknownEntityTypes;
  /** What reading the file and building its candidate pairs tolerated. */
  warnings: ShardWarnings;
}

/**
 * Streams one shard through the model into its output, batch by batch (flat memory). The
 * output appears only complete (temp file, fsync, rename; never over the input); on any
 * error, or when every candidate pair had an entity type the model does not know, it is
 * left absent or as it was.
 */
export async function predictShard(
  model: RelationModel,
  shard: Shard,
  output: ShardOutput,
  opts: PredictShardOptions = {},
): Promise<ShardResult> {
  const started = performance.now();
  const batchSize = opts.batch ?? 32;
  const atomic = createAtomicWriteStream(output.path, { inputs: [shard.path] });
  const gzip = output.gzip ? createGzip() : undefined;
  if (gzip) gzip.pipe(atomic.stream, { end: false });
  const sink: Writable = gzip ?? atomic.stream;
  const raw = createReadStream(shard.path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  raw.on("data", (chunk) => {
    bytesRead += chunk.length;
  });
  const source: Readable = shard.gzip ? raw.pipe(createGunzip()) : raw;
  // A gunzip error (truncated or corrupt .gz) must reach the reader, not crash the process.
  if (shard.gzip) raw.on("error", (e) => source.destroy(e));
  const warnings = noShardWarnings();
  const documents = streamDocuments(source, {
    file: shard.path,
    onWarning: countWarnings(warnings.read),
  });
  const tally = new UnknownTypeTally();
  let schema = opts.schema;
  let done = 0;
  let relations = 0;
  try {
    const writer = createCollectionWriter(sink, await documents.header(), {
      format: output.format,
      name: output.path,
    });
    let batch: BioCDocument[] = [];
    const flush = async (): Promise<void> => {
      schema ??= detectSchema(batch);
      const dataset = encodeForModel(model, batch, {
        schema,
        ...(opts.typeMap ? { typeMap: opts.typeMap } : {}),
        onWarning: countWarnings(warnings.data),
      });
      if (dataset.report.unknownEntityTypes) tally.add(dataset.report.unknownEntityTypes);
      const result = predict(model, batch, { dataset });
      for (const doc of result.documents) await writer.write(doc);
      done += batch.length;
      relations += result.relations.length;
      batch = [];
      opts.onProgress?.(done, bytesRead);
    };
    for await (const doc of documents) {
      batch.push(doc);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    const unknown = tally.result();
    if (knowsNoPair(unknown)) {
      throw new PredictError(
        "ALL_ENTITY_TYPES_UNKNOWN",
        knowsNoPairMessage(shard.path, unknown, "nothing could be predicted"),
        shard.path,
      );
    }
    await writer.close();
    if (gzip) {
      const ended = new Promise<void>((resolve, reject) => {
        gzip.once("end", resolve);
        gzip.once("error", reject);
      });
      gzip.end();
      await ended;
    }
    await atomic.commit();
    return {
      shard: shard.path,
      output: output.path,
      documents: done,
      relations,
      seconds: (performance.now() - started) / 1000,
      schema: schema?.name ?? "biored",
      unknownEntityTypes: unknown,
      warnings,
    };
  } catch (error) {
    gzip?.unpipe(atomic.stream);
    await atomic.abort(); // waits for writes in flight, then drops the temp file
    throw error;
  } finally {
    raw.destroy();
    gzip?.destroy();
  }
}

// What reading and encoding one shard tolerated. Predicting never stops for a
// tolerated problem (a dangling reference, a document cut at the model's
// token limit), but it is never silent either: the command prints one line
// per kind and shard, and a queue job keeps the counts in its result.

/** Counts by code, and the first message, of one kind of warning. */
export interface WarningCounts {
  counts: Record<string, number>;
  first?: string;
}

/** The warnings of one shard: from reading the file, and from building its candidate pairs. */
export interface ShardWarnings {
  read: WarningCounts;
  data: WarningCounts;
}

/** A handler that adds each warning to `into`. */
export function countWarnings(into: WarningCounts): (w: { code: string; message: string }) => void {
  return (w) => {
    into.counts[w.code] = (into.counts[w.code] ?? 0) + 1;
    into.first ??= w.message;
  };
}

/** Empty counts for one shard. */
export function noShardWarnings(): ShardWarnings {
  return { read: { counts: {} }, data: { counts: {} } };
}

function describe(w: WarningCounts): string | undefined {
  const parts = Object.entries(w.counts).map(([code, n]) => `${n} ${code}`);
  if (parts.length === 0) return undefined;
  return `${parts.join(", ")}${w.first ? `; first: ${w.first}` : ""}`;
}

/** `warning: …` lines for what predicting `file` tolerated (none when nothing was). */
export function shardWarningLines(file: string, w: ShardWarnings): string[] {
  const lines: string[] = [];
  const read = describe(w.read);
  if (read) lines.push(`warning: ${file} read leniently: ${read}`);
  const data = describe(w.data);
  if (data) lines.push(`warning: ${file}: candidate pairs built with ${data}`);
  return lines;
}

/** Read and data counts of several shards, by code (what `queue status` sums). */
export function addWarningCounts(total: Record<string, number>, w: Record<string, number>): void {
  for (const [code, n] of Object.entries(w)) total[code] = (total[code] ?? 0) + n;
}

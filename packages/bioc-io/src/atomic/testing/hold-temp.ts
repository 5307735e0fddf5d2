// Child process for the signal tests: opens an atomic write to argv[2], writes
// part of it, says "ready" and waits to be killed.
import { createAtomicWriteStream } from "../write-stream.js";

const target = process.argv[2] as string;
const out = createAtomicWriteStream(target);
out.stream.write("partial content that must never reach the target\n", () => {
  process.stdout.write("ready\n");
});
setInterval(() => {}, 1000);

export { writeFileAtomic } from "./write-file.js";
export { createAtomicWriteStream } from "./write-stream.js";
export type { AtomicWriteStream } from "./write-stream.js";
export type { AtomicWriteOptions } from "./target.js";
export { WriteError } from "./write-error.js";
export type { WriteErrorCode } from "./write-error.js";
export { liveTempFiles, staleTempFiles, sweepStaleTempFiles } from "./temp-files.js";

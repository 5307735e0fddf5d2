import { CodedError } from "../errors/coded-error.js";

/** Stable codes of the work queue's errors. */
export type QueueErrorCode = "REDIS_UNREACHABLE" | "INVALID_REDIS_URL" | "MODEL_CHANGED";

/** A queue problem: the message names the Redis (password hidden) or the shard. */
export class QueueError extends CodedError<QueueErrorCode> {
  override readonly name = "QueueError";
}

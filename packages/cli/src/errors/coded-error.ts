import { BioreError } from "@biore/internal";

/**
 * The base of the CLI's own error classes (`PredictError`, `QueueError`): a code from the
 * class's closed list and the place (file, shard, Redis) it concerns.
 */
export abstract class CodedError<Code extends string> extends BioreError {
  declare readonly code: Code;
  constructor(code: Code, message: string, where?: string) {
    super(code, message, { where });
  }
}

import { BioreError } from "@biore/internal";

export { BioreError };

/** The code of a {@link UserError} the CLI itself raises (a library's error keeps its own). */
export const USER_ERROR = "USER_ERROR";

/**
 * A mistake the user can fix (bad path, bad option, wrong model dir).
 * The CLI prints `error: <message>` (with ` [CODE]` for a library's error) and
 * `hint: <hint>`, and exits 1; no stack trace unless --verbose.
 */
export class UserError extends BioreError {
  override readonly name = "UserError";
  readonly hint: string | undefined;

  constructor(
    message: string,
    hint?: string,
    options: { code?: string; where?: string | undefined; cause?: unknown } = {},
  ) {
    super(options.code ?? USER_ERROR, message, { where: options.where, cause: options.cause });
    this.hint = hint;
  }
}

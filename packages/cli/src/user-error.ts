/**
 * A mistake the user can fix (bad path, bad option, wrong model dir).
 * The CLI prints `error: <message>` and `hint: <hint>` and exits 1; no stack
 * trace unless --verbose.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

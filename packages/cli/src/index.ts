export { BACKEND_CHOICES, describeBackend, loadBackend } from "./backend.js";
export type { BackendChoice, BackendEnvironment, BackendSkip, LoadedBackend } from "./backend.js";
export { createProgram, run } from "./program.js";
export type { Output } from "./output.js";
export { UserError } from "./user-error.js";

import { statSync } from "node:fs";
import { dirname } from "node:path";
import { BioCError, type BioCErrorCode } from "../errors.js";

/** Why a file could not be written; each is a stable code a CLI can turn into one line. */
export type WriteErrorCode = Extract<
  BioCErrorCode,
  | "OUTPUT_IS_INPUT"
  | "OUTPUT_FOLDER_MISSING"
  | "OUTPUT_IS_DIRECTORY"
  | "OUTPUT_NOT_PERMITTED"
  | "OUTPUT_NO_SPACE"
  | "WRITE_FAILED"
>;

/** A file could not be written (nothing was written, or an older file is left intact). */
export class WriteError extends BioCError {
  override readonly name: string = "WriteError";
  declare readonly code: WriteErrorCode;
  /** The target path as the caller gave it. */
  readonly path: string;
  /** The operating system's error code (`ENOENT`, `EACCES`, ...), when there was one. */
  readonly systemCode: string | undefined;

  constructor(code: WriteErrorCode, message: string, path: string, systemCode?: string) {
    super(code, message, { file: path });
    this.path = path;
    this.systemCode = systemCode;
  }
}

function folderState(path: string): "missing" | "not-a-folder" | "folder" {
  try {
    return statSync(dirname(path)).isDirectory() ? "folder" : "not-a-folder";
  } catch {
    return "missing";
  }
}

/** Maps an error from open/write/fsync/rename of `path` (or its temp file) to a {@link WriteError}. */
export function toWriteError(error: unknown, path: string): WriteError {
  if (error instanceof WriteError) return error;
  const sys = (error as NodeJS.ErrnoException | undefined)?.code;
  const folder = dirname(path);
  switch (sys) {
    case "ENOENT":
    case "ENOTDIR": {
      const state = folderState(path);
      if (state === "missing")
        return new WriteError(
          "OUTPUT_FOLDER_MISSING",
          `cannot write: no such folder ${folder}`,
          path,
          sys,
        );
      if (state === "not-a-folder")
        return new WriteError(
          "OUTPUT_FOLDER_MISSING",
          `cannot write: ${folder} is not a folder`,
          path,
          sys,
        );
      return new WriteError("OUTPUT_NOT_PERMITTED", `cannot create files in ${folder}`, path, sys);
    }
    case "EISDIR":
      return new WriteError(
        "OUTPUT_IS_DIRECTORY",
        "cannot write: the output is a directory",
        path,
        sys,
      );
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return new WriteError(
        "OUTPUT_NOT_PERMITTED",
        `cannot write: permission denied${sys === "EROFS" ? " (read-only file system)" : ""}`,
        path,
        sys,
      );
    case "ENOSPC":
    case "EDQUOT":
      return new WriteError(
        "OUTPUT_NO_SPACE",
        "cannot write: no space left on the device",
        path,
        sys,
      );
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new WriteError("WRITE_FAILED", `cannot write: ${reason}`, path, sys);
    }
  }
}

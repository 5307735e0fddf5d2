// Vitest global setup: each test run gets its own temporary root. The temp-dir variables point
// into it (TMPDIR on POSIX, TMP / TEMP on Windows; test workers and the `biore` processes tests
// spawn inherit them, and `os.tmpdir()` reads them), and the whole root is removed when the run
// ends, so directories the tests make with `mkdtemp(tmpdir())` never pile up in the system's
// temporary directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const VARIABLES = ["TMPDIR", "TMP", "TEMP"];

export default function setup() {
  const root = mkdtempSync(join(tmpdir(), "biore-test-"));
  const previous = VARIABLES.map((name) => process.env[name]);
  for (const name of VARIABLES) process.env[name] = root;
  return () => {
    VARIABLES.forEach((name, i) => {
      if (previous[i] === undefined) delete process.env[name];
      else process.env[name] = previous[i];
    });
    rmSync(root, { recursive: true, force: true });
  };
}

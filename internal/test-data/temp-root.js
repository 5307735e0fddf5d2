// Vitest global setup: each test run gets its own temporary root. TMPDIR points into it
// (test workers and the `biore` processes tests spawn inherit it, and `os.tmpdir()` reads
// it), and the whole root is removed when the run ends, so directories the tests make
// with `mkdtemp(tmpdir())` never pile up in the system's temporary directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup() {
  const root = mkdtempSync(join(tmpdir(), "biore-test-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}

import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../predict/testing/fixture.js";
import {
  clearMemberCheckpoints,
  finishedMember,
  hasMemberCheckpoints,
  memberCheckpointDir,
} from "./ensemble-checkpoint.js";

// The checkpoint folder of an ensemble's run: what counts as something to resume, what a fresh
// run clears, and a member stopped while it was being kept (train-ensemble-resume.test.ts
// resumes whole runs).

const work = tempDir("ensemble-checkpoint");
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("an ensemble's checkpoint folder", () => {
  it("has something to resume once a member has an epoch's checkpoint or has finished", () => {
    const dir = join(work, "a");
    expect(hasMemberCheckpoints(dir)).toBe(false);
    mkdirSync(memberCheckpointDir(dir, 1), { recursive: true });
    expect(hasMemberCheckpoints(dir)).toBe(false);
    // a single model's checkpoint beside it is not an ensemble's
    writeFileSync(join(dir, "checkpoint.bin"), "x");
    expect(hasMemberCheckpoints(dir)).toBe(false);
    writeFileSync(join(memberCheckpointDir(dir, 1), "checkpoint.bin"), "x");
    expect(hasMemberCheckpoints(dir)).toBe(true);
    mkdirSync(join(memberCheckpointDir(dir, 2), "finished"), { recursive: true });
    rmSync(join(memberCheckpointDir(dir, 1), "checkpoint.bin"));
    expect(hasMemberCheckpoints(dir)).toBe(true);
    // a fresh run clears the members' folders only
    clearMemberCheckpoints(dir);
    expect(hasMemberCheckpoints(dir)).toBe(false);
    expect(existsSync(join(dir, "checkpoint.bin"))).toBe(true);
    expect(existsSync(memberCheckpointDir(dir, 1))).toBe(false);
  });

  it("a member stopped while it was being kept is not finished (its checkpoint finishes it again)", () => {
    const dir = memberCheckpointDir(join(work, "b"), 1);
    expect(finishedMember(dir, "key", "member 1/2")).toBeUndefined();
    mkdirSync(join(dir, "finished"), { recursive: true });
    writeFileSync(
      join(dir, "finished", "manifest.json"),
      JSON.stringify({ format: "biore-model-manifest", version: 1, incomplete: true }),
    );
    expect(finishedMember(dir, "key", "member 1/2")).toBeUndefined();
  });
});

import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { killedWrite, liveWrite } from "../test-support/killed-write.js";
import {
  SINGLE_FILES,
  list,
  loadedMembers,
  rule,
  saveFixture,
} from "../test-support/save-fixture.js";
import { checkModelFolder } from "./model-folder.js";
import { MODEL_FILES } from "./model-format.js";
import { INCOMPLETE_MANIFEST } from "./model-manifest.js";
import { saveEnsemble } from "./save-ensemble.js";
import { saveModel } from "./save-model.js";

// A save killed with SIGKILL leaves the atomic writer's temp file (`.NAME.HOST.PID.RANDOM.tmp`)
// and, in an ensemble, possibly a member folder holding nothing else. The next save into the
// folder removes exactly those (made here by a real writer killed part-way), never a file that
// only looks like one or the temp file of a writer still running, and still refuses a folder of
// files no biore save wrote.

const { fresh, models } = saveFixture("save-leftovers");

/** The state a save of `members` members left when it was killed writing member-k's first file. */
async function killedInMember(dir: string, k: number): Promise<string> {
  const member = join(dir, `member-${k}`);
  rmSync(member, { recursive: true, force: true });
  mkdirSync(member);
  writeFileSync(join(dir, MODEL_FILES.manifest), JSON.stringify(INCOMPLETE_MANIFEST));
  return killedWrite(join(member, MODEL_FILES.manifest));
}

describe("a save killed part-way (SIGKILL): its leftovers go with the next save", () => {
  it("removes a killed writer's temp files; keeps look-alikes and a live writer's", async () => {
    const dir = fresh();
    await saveModel(models[0]!, dir, { extraFiles: { "biore.json": "{}" } });
    // a file this save does not write (the earlier model's typer) and one it does (the sidecar)
    const typer = await killedWrite(join(dir, MODEL_FILES.typer));
    const sidecar = await killedWrite(join(dir, "biore.json"));
    const live = await liveWrite(join(dir, MODEL_FILES.ensemble));
    const lookalikes = [".typer.json.tmp", "notes.tmp", typer.slice(1), `${typer}.bak`];
    for (const name of lookalikes) writeFileSync(join(dir, name), "mine");
    try {
      expect(list(dir)).toContain(typer);
      await saveModel(models[1]!, dir, { extraFiles: { "biore.json": "{}" } });
      expect(list(dir)).toEqual([...SINGLE_FILES, "biore.json", live.temp, ...lookalikes].sort());
      expect(list(dir)).not.toContain(sidecar);
      expect(loadedMembers(dir)).toBe(1);
    } finally {
      await live.kill();
    }
    // once that writer is gone too, its temp file is a leftover like the others
    await saveModel(models[1]!, dir, { extraFiles: { "biore.json": "{}" } });
    expect(list(dir)).toEqual([...SINGLE_FILES, "biore.json", ...lookalikes].sort());
  });

  it("a member folder holding only leftovers (or nothing) is stale; one with a file of yours stays", async () => {
    const dir = fresh();
    await saveEnsemble(models, rule, dir);
    await killedInMember(dir, 3);
    mkdirSync(join(dir, "member-4")); // killed between creating the folder and its first write
    mkdirSync(join(dir, "member-5"));
    const kept = await killedWrite(join(dir, "member-5", MODEL_FILES.weights));
    writeFileSync(join(dir, "member-5", "mine.txt"), "mine");
    await saveEnsemble(models.slice(0, 2), rule, dir);
    expect(list(dir)).toEqual([
      "ensemble.json",
      "manifest.json",
      "member-1",
      "member-2",
      "member-5",
    ]);
    expect(list(join(dir, "member-5"))).toEqual([kept, "mine.txt"].sort());
    expect(loadedMembers(dir)).toBe(2);

    // a single model over it, the same
    await killedInMember(dir, 2);
    await saveModel(models[0]!, dir);
    expect(list(dir)).toEqual([...SINGLE_FILES, "member-5"].sort());
    expect(loadedMembers(dir)).toBe(1);
  });

  it("a member folder the save writes into keeps no leftover of the killed save", async () => {
    const dir = fresh();
    await saveEnsemble(models, rule, dir);
    const temp = await killedInMember(dir, 3);
    expect(list(join(dir, "member-3"))).toEqual([temp]);
    await saveEnsemble(models, rule, dir);
    expect(list(join(dir, "member-3"))).toEqual(SINGLE_FILES);
    expect(loadedMembers(dir)).toBe(3);
  });

  it("still refuses files no biore save wrote (MODEL_DIR_FOREIGN), removing nothing", async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, MODEL_FILES.model), '{"someone":"else"}');
    const temp = await killedWrite(join(dir, MODEL_FILES.model));
    checkModelFolder(join(dir, "sub")); // a folder that does not exist yet is fine
    for (const save of [
      () => saveModel(models[0]!, dir),
      () => saveEnsemble(models.slice(0, 2), rule, dir),
    ]) {
      const error = await save().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).code).toBe("MODEL_DIR_FOREIGN");
      expect((error as ModelError).where).toBe(join(dir, MODEL_FILES.model));
      expect(list(dir)).toEqual([temp, MODEL_FILES.model].sort());
    }
    // a member folder of someone else's model files is refused though a leftover sits beside them
    const folder = fresh();
    await saveEnsemble(models.slice(0, 2), rule, folder);
    mkdirSync(join(folder, "member-3"));
    writeFileSync(join(folder, "member-3", MODEL_FILES.weights), "theirs");
    await killedWrite(join(folder, "member-3", MODEL_FILES.manifest));
    expect(() => checkModelFolder(folder, { members: 3 })).toThrow(/no biore model save wrote/);
    expect(list(join(folder, "member-3"))).toHaveLength(2);
    expect(existsSync(join(folder, "member-3", MODEL_FILES.weights))).toBe(true);
  });
});

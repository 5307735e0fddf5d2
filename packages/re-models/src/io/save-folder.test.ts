import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { holdOutForSelection } from "../experiment/held-out.js";
import { trainRun } from "../experiment/train-run.js";
import { experimentTrain, tinyModel } from "../test-support/experiment-fixtures.js";
import { expectLoadError } from "../test-support/model-io.js";
import {
  SINGLE_FILES,
  list,
  loadedMembers,
  rule,
  saveFixture,
} from "../test-support/save-fixture.js";
import { loadModel } from "./load-model.js";
import { checkModelFolder } from "./model-folder.js";
import { MODEL_FILES } from "./model-format.js";
import { INCOMPLETE_MANIFEST } from "./model-manifest.js";
import { saveEnsemble } from "./save-ensemble.js";
import { saveModel } from "./save-model.js";
import { toModelWriteError } from "./write-failure.js";

// Saving into a folder that already holds something: the earlier save's files never stay beside
// the new ones, files no biore save wrote are kept (or, where they hold a model file's name,
// refused before anything is written), and a write the file system refuses is one ModelError
// naming the path and the reason, with the folder left loadable as before or refused as incomplete.

const { fresh, models } = saveFixture("save-folder");

/**
 * Makes writing `file` into `dir` fail with a permission error and returns the undo, or
 * undefined where this process cannot: a read-only folder for a normal user; for root, which
 * ignores modes, an immutable file (`chattr +i`, ext4 and the like).
 */
function denyWrites(dir: string, file: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return () => chmodSync(dir, 0o755);
  }
  try {
    execFileSync("chattr", ["+i", file], { stdio: "ignore" });
    return () => execFileSync("chattr", ["-i", file], { stdio: "ignore" });
  } catch {
    return undefined;
  }
}

async function saveError(save: Promise<unknown>): Promise<ModelError> {
  const error = await save.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe("saving over an earlier save", () => {
  it("an ensemble over a single model: the model's files go, the user's file stays", async () => {
    const dir = fresh();
    await saveModel(models[0]!, dir, { extraFiles: { "biore.json": "{}" } });
    writeFileSync(join(dir, "notes.txt"), "mine");
    await saveEnsemble(models.slice(0, 2), rule, dir);
    expect(list(dir)).toEqual([
      "ensemble.json",
      "manifest.json",
      "member-1",
      "member-2",
      "notes.txt",
    ]);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(loadedMembers(dir)).toBe(2);
  });

  it("a single model over an ensemble: ensemble.json and the member folders go", async () => {
    const dir = fresh();
    await saveEnsemble(models, rule, dir, { extraFiles: { "biore.json": "{}" } });
    writeFileSync(join(dir, "notes.txt"), "mine");
    // a user's own file inside a member folder keeps that folder, emptied of the model
    writeFileSync(join(dir, "member-2", "mine.txt"), "mine");
    await saveModel(models[0]!, dir);
    expect(list(dir)).toEqual([...SINGLE_FILES, "member-2", "notes.txt"].sort());
    expect(list(join(dir, "member-2"))).toEqual(["mine.txt"]);
    expect(loadedMembers(dir)).toBe(1);
  });

  it("2 members over 3: member-3 goes, ensemble.json lists 2", async () => {
    const dir = fresh();
    await saveEnsemble(models, rule, dir);
    await saveEnsemble(models.slice(0, 2), rule, dir);
    expect(list(dir)).toEqual(["ensemble.json", "manifest.json", "member-1", "member-2"]);
    expect(loadedMembers(dir)).toBe(2);
    // and back to 3
    await saveEnsemble(models, rule, dir);
    expect(loadedMembers(dir)).toBe(3);
  });

  it("a model without a typer over one with a typer loads (the old typer.json is removed)", async () => {
    const data = holdOutForSelection(experimentTrain, { seed: 2, fraction: 0.2 });
    const model = tinyModel(data, 1);
    await trainRun(model, data, {
      objective: "baseline",
      epochs: 1,
      batchSize: 6,
      learningRate: 1e-2,
      seed: 1,
      typer: { weight: 0.5, l2: 1e-3 },
    });
    const dir = fresh();
    await saveModel(model, dir, { extraFiles: { "old-notes.json": "{}" } });
    expect(existsSync(join(dir, MODEL_FILES.typer))).toBe(true);
    model.detachTyper();
    await saveModel(model, dir);
    model.dispose();
    // an unlisted typer.json left behind would make the folder MODEL_CORRUPT
    expect(list(dir)).toEqual([...SINGLE_FILES, MODEL_FILES.entityTypes].sort());
    const loaded = loadModel(dir);
    expect(loaded.typer).toBeUndefined();
    loaded.dispose();
  });

  it("cleans up after a save that stopped part-way (incomplete manifests)", async () => {
    const dir = fresh();
    await saveEnsemble(models, rule, dir);
    const marker = JSON.stringify(INCOMPLETE_MANIFEST);
    writeFileSync(join(dir, MODEL_FILES.manifest), marker);
    writeFileSync(join(dir, "member-3", MODEL_FILES.manifest), marker);
    writeFileSync(join(dir, MODEL_FILES.typer), "{}");
    await saveModel(models[1]!, dir);
    expect(list(dir)).toEqual(SINGLE_FILES);
    expect(loadedMembers(dir)).toBe(1);
  });

  it("a folder saved before manifests existed is rewritten, its stale files removed", async () => {
    const dir = fresh();
    await saveModel(models[0]!, dir);
    rmSync(join(dir, MODEL_FILES.manifest));
    writeFileSync(join(dir, MODEL_FILES.wordPieces), "{}");
    await saveModel(models[0]!, dir);
    expect(list(dir)).toEqual(SINGLE_FILES);
  });
});

describe("saving into a folder no biore save wrote", () => {
  it("keeps unrelated files and folders (a checkpoint, notes)", async () => {
    const dir = fresh();
    mkdirSync(join(dir, "checkpoint"), { recursive: true });
    writeFileSync(join(dir, "checkpoint", "checkpoint.bin"), "x");
    writeFileSync(join(dir, "notes.txt"), "mine");
    await saveModel(models[0]!, dir);
    expect(list(dir)).toEqual([...SINGLE_FILES, "checkpoint", "notes.txt"].sort());
    expect(readFileSync(join(dir, "checkpoint", "checkpoint.bin"), "utf8")).toBe("x");
  });

  it("refuses a model file name it did not write (MODEL_DIR_FOREIGN) before writing anything", async () => {
    for (const name of [MODEL_FILES.model, MODEL_FILES.typer, MODEL_FILES.manifest]) {
      const dir = fresh();
      mkdirSync(dir);
      writeFileSync(join(dir, name), '{"someone":"else"}');
      for (const save of [
        () => saveModel(models[0]!, dir),
        () => saveEnsemble(models.slice(0, 2), rule, dir),
      ]) {
        const error = await saveError(save());
        expect(error.code).toBe("MODEL_DIR_FOREIGN");
        expect(error.where).toBe(join(dir, name));
        expect(error.message).toMatch(/no biore model save wrote.*nothing was written/);
        expect(list(dir)).toEqual([name]);
        expect(readFileSync(join(dir, name), "utf8")).toBe('{"someone":"else"}');
      }
    }
  });

  it("refuses an extra file's name held by a file it did not write", async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, "biore.json"), "theirs");
    const error = await saveError(saveModel(models[0]!, dir, { extraFiles: { "biore.json": "" } }));
    expect(error.code).toBe("MODEL_DIR_FOREIGN");
    expect(readFileSync(join(dir, "biore.json"), "utf8")).toBe("theirs");
  });

  it("refuses a member folder's name held by a file, or a folder of someone else's model files", async () => {
    const file = fresh();
    mkdirSync(file);
    writeFileSync(join(file, "member-2"), "theirs");
    let error = await saveError(saveEnsemble(models.slice(0, 2), rule, file));
    expect(error.code).toBe("MODEL_DIR_FOREIGN");
    expect(error.where).toBe(join(file, "member-2"));
    expect(list(file)).toEqual(["member-2"]);

    // inside an ensemble folder biore wrote, too
    const folder = fresh();
    await saveEnsemble(models.slice(0, 2), rule, folder);
    mkdirSync(join(folder, "member-3"));
    writeFileSync(join(folder, "member-3", MODEL_FILES.weights), "theirs");
    const before = readFileSync(join(folder, MODEL_FILES.manifest));
    error = await saveError(saveEnsemble(models, rule, folder));
    expect(error.code).toBe("MODEL_DIR_FOREIGN");
    expect(error.where).toBe(join(folder, "member-3", MODEL_FILES.weights));
    // nothing written: the earlier ensemble still loads
    expect(readFileSync(join(folder, MODEL_FILES.manifest))).toEqual(before);
    expect(loadedMembers(folder)).toBe(2);
  });
});

describe("a write the file system refuses", () => {
  it("the folder path is a file: MODEL_WRITE_FAILED naming it, the file untouched", async () => {
    const path = fresh();
    writeFileSync(path, "a file");
    for (const save of [
      () => saveModel(models[0]!, path),
      () => saveEnsemble(models.slice(0, 2), rule, path),
    ]) {
      const error = await saveError(save());
      expect(error.code).toBe("MODEL_WRITE_FAILED");
      expect(error.where).toBe(path);
      expect(error.message).toMatch(/the path is a file, not a folder; nothing was written/);
      expect(readFileSync(path, "utf8")).toBe("a file");
    }
  });

  it("a parent of the folder is a file: MODEL_WRITE_FAILED with the OS reason", async () => {
    const parent = fresh();
    writeFileSync(parent, "a file");
    const dir = join(parent, "model");
    const error = await saveError(saveModel(models[0]!, dir));
    expect(error.code).toBe("MODEL_WRITE_FAILED");
    expect(error.where).toBe(dir);
    expect(error.message).toMatch(
      /a part of the path is a file, not a folder \(ENOTDIR\); nothing in the folder was changed/,
    );
  });

  // /dev/full answers every write with ENOSPC: a model file linked to it is a full disk
  it.skipIf(!existsSync("/dev/full"))(
    "the disk fills part-way: MODEL_WRITE_FAILED naming the file, the folder refused as incomplete",
    async () => {
      const single = fresh();
      await saveModel(models[0]!, single);
      rmSync(join(single, MODEL_FILES.weights));
      symlinkSync("/dev/full", join(single, MODEL_FILES.weights));
      let error = await saveError(saveModel(models[1]!, single));
      expect(error.code).toBe("MODEL_WRITE_FAILED");
      expect(error.where).toBe(join(single, MODEL_FILES.weights));
      expect(error.message).toMatch(
        /\(writing weights.bin\): no space left on the device \(ENOSPC\); the folder is marked incomplete/,
      );
      expect(expectLoadError(single, "half-saved").code).toBe("MODEL_INCOMPLETE");

      // an ensemble over an ensemble whose member-2 cannot be written: the whole folder is refused
      const ensemble = fresh();
      await saveEnsemble(models.slice(0, 2), rule, ensemble);
      const weights = join(ensemble, "member-2", MODEL_FILES.weights);
      rmSync(weights);
      symlinkSync("/dev/full", weights);
      error = await saveError(saveEnsemble(models, rule, ensemble));
      expect(error.code).toBe("MODEL_WRITE_FAILED");
      expect(error.where).toBe(weights);
      const load = expectLoadError(ensemble, "half-saved");
      expect(load.code).toBe("MODEL_INCOMPLETE");
      expect(load.where).toBe(join(ensemble, MODEL_FILES.manifest));
    },
  );

  it("permission denied on the first write: the earlier model is untouched and still loads", async (context) => {
    const dir = fresh();
    await saveModel(models[0]!, dir);
    const manifest = join(dir, MODEL_FILES.manifest);
    const before = readFileSync(manifest);
    const allow = denyWrites(dir, manifest);
    if (!allow) return context.skip("cannot deny writes here (root without chattr +i)");
    let error: ModelError;
    try {
      error = await saveError(saveModel(models[1]!, dir));
    } finally {
      allow();
    }
    expect(error.code).toBe("MODEL_WRITE_FAILED");
    expect(error.where).toBe(manifest);
    expect(error.message).toMatch(
      /\(writing manifest.json\): permission denied \(E(ACCES|PERM)\); nothing in the folder was changed/,
    );
    expect(readFileSync(manifest)).toEqual(before);
    expect(list(dir)).toEqual(SINGLE_FILES);
    expect(loadedMembers(dir)).toBe(1);
  });

  it("names the OS reason for each common failure, and the folder's state", () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    const cases: [string, RegExp][] = [
      ["EACCES", /permission denied \(EACCES\)/],
      ["EROFS", /read-only file system \(EROFS\)/],
      ["ENOSPC", /no space left on the device \(ENOSPC\)/],
      ["ENOTDIR", /a part of the path is a file, not a folder \(ENOTDIR\)/],
      ["EWHATEVER", /EWHATEVER: raw/],
    ];
    for (const [code, reason] of cases) {
      const error = toModelWriteError(
        errno(code),
        "writing model.json",
        "/m/model.json",
        "untouched",
      );
      expect(error.code).toBe("MODEL_WRITE_FAILED");
      expect(error.where).toBe("/m/model.json");
      expect(error.message).toMatch(reason);
      expect(error.message).toMatch(/^cannot save the model \(writing model.json\): /);
      expect(error.message).toMatch(/nothing in the folder was changed/);
    }
    // bioc-io's WriteError carries the OS code as systemCode
    const wrapped = Object.assign(new Error("cannot write: permission denied"), {
      code: "OUTPUT_NOT_PERMITTED",
      systemCode: "EACCES",
    });
    const error = toModelWriteError(wrapped, "writing x", "/m/x", "marked-incomplete");
    expect(error.message).toMatch(/permission denied \(EACCES\); the folder is marked incomplete/);
    // a ModelError passes through unchanged
    const own = new ModelError("MODEL_DIR_FOREIGN", "x");
    expect(toModelWriteError(own, "w", "/p", "untouched")).toBe(own);
  });
});

describe("checkModelFolder (the same refusals, before training, writing nothing)", () => {
  it("passes a missing folder, an empty one, an earlier save and a folder of unrelated files", async () => {
    checkModelFolder(join(fresh(), "a", "b"));
    const empty = fresh();
    mkdirSync(empty);
    checkModelFolder(empty, { extraFiles: ["biore.json"], members: 3 });
    const single = fresh();
    await saveModel(models[0]!, single, { extraFiles: { "biore.json": "{}" } });
    checkModelFolder(single, { extraFiles: ["biore.json"], members: 2 });
    const other = fresh();
    mkdirSync(join(other, "checkpoint"), { recursive: true });
    checkModelFolder(other);
    expect(list(empty)).toEqual([]);
  });

  it("refuses what the save would refuse", () => {
    const file = fresh();
    writeFileSync(file, "x");
    const refusal = (dir: string, options = {}) => {
      try {
        checkModelFolder(dir, options);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelError);
        return error as ModelError;
      }
      throw new Error(`${dir} passed`);
    };
    expect(refusal(file).code).toBe("MODEL_WRITE_FAILED");
    expect(refusal(join(file, "model")).message).toMatch(/\(ENOTDIR\)/);
    const foreign = fresh();
    mkdirSync(foreign);
    writeFileSync(join(foreign, "member-1"), "x");
    checkModelFolder(foreign); // a single model does not write member-1
    expect(refusal(foreign, { members: 2 }).code).toBe("MODEL_DIR_FOREIGN");
    writeFileSync(join(foreign, "biore.json"), "x");
    expect(refusal(foreign, { extraFiles: ["biore.json"] }).where).toBe(
      join(foreign, "biore.json"),
    );
  });
});

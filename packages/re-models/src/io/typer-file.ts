import { join } from "node:path";
import { ModelError } from "../errors.js";
import type { RelationModel } from "../model/relation-model.js";
import type { TyperFusion } from "../typer/fusion.js";
import { LinearTyper } from "../typer/linear-typer.js";
import { MODEL_FILES } from "./model-format.js";

/**
 * Attaches a saved folder's linear typer (typer.json, already checked against the manifest)
 * with model.json's fusion settings; the two come together or not at all, and the typer must
 * speak the model's labels. Anything else is `MODEL_CORRUPT` naming the file.
 */
export function attachSavedTyper(
  model: RelationModel,
  fusion: TyperFusion | undefined,
  json: unknown,
  dir: string,
): void {
  const path = join(dir, MODEL_FILES.typer);
  if (fusion === undefined && json === undefined) return;
  if (fusion === undefined || json === undefined)
    throw new ModelError(
      "MODEL_CORRUPT",
      fusion === undefined
        ? `${MODEL_FILES.typer} is there but model.json has no typerFusion`
        : `model.json fuses a typer but ${MODEL_FILES.typer} is missing`,
      fusion === undefined ? path : join(dir, MODEL_FILES.model),
    );
  if (typeof fusion !== "object" || fusion === null)
    throw new ModelError(
      "MODEL_CORRUPT",
      "model.json: typerFusion is not an object",
      join(dir, MODEL_FILES.model),
    );
  let typer: LinearTyper;
  try {
    typer = LinearTyper.fromJSON(json);
  } catch (error) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `${MODEL_FILES.typer}: ${(error as Error).message}`,
      path,
    );
  }
  try {
    model.attachTyper(typer, fusion);
  } catch (error) {
    throw new ModelError(
      "MODEL_CORRUPT",
      `${MODEL_FILES.typer}: ${(error as Error).message}`,
      path,
    );
  }
}

// Step 2b of the pre-training experiment: start a run's conv token encoder from the weights
// of pretraining-mlm.ts (ENCODER_WEIGHTS=<file>; biored.ts calls this after the vectors).
// Ablations: ENCODER_SKIP=embedding/tokens,... leaves those parameters as they were (e.g. the
// word2vec table); ENCODER_FROZEN=1 keeps the loaded parameters fixed while the rest trains.
import type * as tf from "@tensorflow/tfjs-core";
import type { RelationModel } from "../src/index.js";
import {
  PretrainingError,
  initializeTokenEncoder,
  loadTokenEncoderWeights,
} from "../src/pretraining/index.js";

/** Loads the encoder weights into the model; exits with the error's one line when they do not fit. */
export function initializeFromEncoderWeights(
  model: RelationModel,
  file: string,
  log: (line: string) => void,
): Record<string, unknown> {
  try {
    const weights = loadTokenEncoderWeights(file);
    const skip = (process.env.ENCODER_SKIP ?? "").split(",").filter((name) => name !== "");
    const names = initializeTokenEncoder(model, weights, { skip });
    const frozen = process.env.ENCODER_FROZEN === "1";
    // train() leaves out variables that are not trainable (as a BERT encoder's frozen layers)
    if (frozen) for (const name of names) (model.params.get(name) as tf.Variable).trainable = false;
    log(
      `initialized ${names.length} encoder parameters from ${file} (${JSON.stringify(weights.info)})${skip.length > 0 ? `; kept the model's own ${skip.join(", ")}` : ""}${frozen ? "; frozen" : ""}`,
    );
    return { file, parameters: names.length, skip, frozen, ...weights.info };
  } catch (error) {
    if (!(error instanceof PretrainingError)) throw error;
    log(`cannot start the encoder from ${file}: ${error.code}: ${error.message}`);
    process.exit(1);
  }
}

import { InvalidArgumentError, Option } from "commander";

/** Parses a probability in [0, 1], e.g. `--entity-mask 0.5`. */
export function parseEntityMask(value: string): number {
  const p = value.trim() === "" ? Number.NaN : Number(value);
  if (!(p >= 0 && p <= 1))
    throw new InvalidArgumentError(
      `expected a probability in [0, 1] (the share of concepts whose names are hidden in each training step), got "${value}"`,
    );
  return p;
}

/**
 * The `--entity-mask` option shared by train and compare. Absent, the trainer's default holds
 * (0.7 for the built-in encoder, 0 for a pretrained one); 0 trains without masking, as models
 * before masking did (their checkpoints resume only with it).
 */
export function entityMaskCliOption(): Option {
  return new Option(
    "--entity-mask <p>",
    "probability that a concept's mention words are hidden in a training step, so relations are typed from context (default 0.7 with the conv encoder, 0 with hf:; 0 turns it off)",
  ).argParser(parseEntityMask);
}

/** The trainer option for a parsed `--entity-mask` (nothing when it was not given). */
export function entityMaskOf(value: number | undefined): { entityMask?: number } {
  return value === undefined ? {} : { entityMask: value };
}

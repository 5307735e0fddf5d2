import { InvalidArgumentError, Option } from "commander";
import { DEFAULT_TYPER_FUSION } from "@biore/re-models/typer";
import type { TyperRunOptions } from "@biore/re-models/experiment";

/** Parses a fusion weight >= 0, e.g. `--typer-weight 0.75`. */
export function parseTyperWeight(value: string): number {
  const w = value.trim() === "" ? Number.NaN : Number(value);
  if (!(Number.isFinite(w) && w >= 0))
    throw new InvalidArgumentError(
      `expected a number >= 0 (the weight of the linear typer's log-probabilities; 0 = no typer), got "${value}"`,
    );
  return w;
}

/**
 * The `--typer-weight` option shared by train and compare. Its default is re-models'
 * `DEFAULT_TYPER_FUSION.weight` (src/typer/fusion.ts), the one constant to change once a
 * weight is chosen.
 */
export function typerWeightCliOption(): Option {
  return new Option(
    "--typer-weight <w>",
    "fit a linear typer (sparse words-between/trigger features) on the fit documents after training and add w x its log-probabilities to the type logits; the None bias is re-tuned on the held-out slice (0 = no typer)",
  )
    .argParser(parseTyperWeight)
    .default(DEFAULT_TYPER_FUSION.weight);
}

/** The runner's typer option for a parsed `--typer-weight` (nothing at 0). */
export function typerOf(weight: number, log?: (line: string) => void): { typer?: TyperRunOptions } {
  if (weight <= 0) return {};
  const { evidence, typesOnly } = DEFAULT_TYPER_FUSION;
  return { typer: { weight, evidence, typesOnly, ...(log ? { log } : {}) } };
}

import { InvalidArgumentError, Option } from "commander";
import { DEFAULT_TYPER_FUSION } from "@biore/re-models/typer";
import type { TyperRunOptions } from "@biore/re-models/experiment";
import { UserError } from "../user-error.js";

/** Parses a fusion weight >= 0, e.g. `--typer-weight 0.75`. */
export function parseTyperWeight(value: string): number {
  const w = value.trim() === "" ? Number.NaN : Number(value);
  if (!(Number.isFinite(w) && w >= 0))
    throw new InvalidArgumentError(
      `expected a number >= 0 (the weight of the linear typer's log-probabilities; 0 = no typer), got "${value}"`,
    );
  return w;
}

/** The typer flags of train and compare, as commander parses them. */
export interface TyperFlags {
  typerWeight: number;
  typerTypesOnly?: boolean;
}

/**
 * The `--typer-weight` and `--typer-types-only` options shared by train and compare. The
 * defaults are re-models' `DEFAULT_TYPER_FUSION` (src/typer/fusion.ts), the one place to change
 * once a fusion is chosen.
 */
export function typerCliOptions(): Option[] {
  const weight = new Option(
    "--typer-weight <w>",
    "fit a linear typer (sparse words-between/trigger features) on the fit documents after training and add w x its log-probabilities to the type logits; the None bias is re-tuned on the held-out slice (0 = no typer)",
  )
    .argParser(parseTyperWeight)
    .default(DEFAULT_TYPER_FUSION.weight);
  const typesOnly = new Option(
    "--typer-types-only",
    "let the typer pick only the type of the pairs the network calls related, not which pairs are related: higher pair F1 and rare-type F1, slightly lower pair+type F1 (round 4.9 in re-models' experiments README)",
  );
  return [weight, typesOnly];
}

/** Refuses `--typer-types-only` without a typer (`--typer-weight 0`). */
export function checkTyperFlags(opts: TyperFlags): void {
  if (opts.typerTypesOnly && opts.typerWeight <= 0)
    throw new UserError(
      "--typer-types-only sets how the linear typer is fused, but --typer-weight 0 fits no typer",
      "give a --typer-weight above 0, or drop --typer-types-only",
    );
}

/** The runner's typer option for parsed typer flags (nothing at weight 0). */
export function typerOf(
  opts: TyperFlags,
  log?: (line: string) => void,
): { typer?: TyperRunOptions } {
  if (opts.typerWeight <= 0) return {};
  const typesOnly = opts.typerTypesOnly ?? DEFAULT_TYPER_FUSION.typesOnly;
  const { evidence } = DEFAULT_TYPER_FUSION;
  return {
    typer: { weight: opts.typerWeight, evidence, typesOnly, ...(log ? { log } : {}) },
  };
}

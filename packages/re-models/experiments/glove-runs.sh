#!/usr/bin/env bash
# The GloVe study's runs (issue 19; summaries/glove-init.md), one at a time under `heavy`,
# skipping a run whose JSON exists. Vectors first: experiments/glove-vectors.ts.
#   experiments/glove-runs.sh folds "w2v w2v-glove glove-only" "1 2 3 4"
#   experiments/glove-runs.sh dev "w2v-glove" "1 2 3 4 5"
# Variant w2v = the default vectors (experiments/results/pretraining); others read
# experiments/results-glove/<variant>. Fold runs: HELD_OUT_FOLD=k SEED=k into
# results-glove-folds/<variant>; Dev runs: SEED=s into results-glove-dev/<variant>.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=$1; variants=$2; units=$3
BASE=(BACKEND=cpu SCORES=1 EPOCHS=10 PATIENCE=3 TYPE_MASK=1 LEXICAL=1 TRIGGER_LEXICON=1 ENTITY_MASK=0.7 OBJECTIVE=baseline)
for unit in $units; do
  for variant in $variants; do
    vectors=experiments/results/pretraining
    [ "$variant" = w2v ] || vectors=experiments/results-glove/$variant
    if [ "$mode" = folds ]; then
      dir=experiments/results-glove-folds/$variant; run=baseline-f$unit-s$unit; extra=(HELD_OUT_FOLD=$unit)
    else
      dir=experiments/results-glove-dev/$variant; run=baseline-s$unit; extra=()
    fi
    [ -f "$dir/$run.json" ] && { echo "skip $variant $run"; continue; }
    mkdir -p "$dir"
    echo "$(date -u +%H:%M:%S) $variant $run"
    heavy env "${BASE[@]}" "${extra[@]}" SEED=$unit VECTORS_DIR=$vectors RESULTS_DIR=$dir \
      npx tsx experiments/biored.ts > "$dir/$run.log" 2>&1 || echo "FAILED $variant $run (see $dir/$run.log)"
  done
done

#!/usr/bin/env bash
# Round 2.4 masked-token experiment: the default recipe (cpu backend, word2vec init) with and
# without the conv encoder of pretraining-mlm.ts, seeds one after another (ONE process at a
# time, each under `heavy` when it exists, 20 s apart so others get a benchmark slot).
#
#   ENCODER_FILE=experiments/results/pretraining/encoder-mlm-e1.safetensors SEEDS="1 2 3" \
#     experiments/pretraining-mlm-runs.sh
#
# Results: experiments/results-r24-mlm-base/ and results-r24-mlm-enc/ (<objective>-s<seed>.json/.log).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ENCODER_FILE:?set ENCODER_FILE to the weights of pretraining-mlm.ts}"
BASE_DIR=${BASE_DIR:-experiments/results-r24-mlm-base}
ENC_DIR=${ENC_DIR:-experiments/results-r24-mlm-enc}
ARMS=${ARMS:-base enc}
HEAVY=$(command -v heavy || true)
export SCORES=1 EPOCHS=10 PATIENCE=3 TYPE_MASK=1 LEXICAL=1 TRIGGER_LEXICON=1 ENTITY_MASK=0.7 BACKEND=cpu OBJECTIVE=baseline
mkdir -p "$BASE_DIR" "$ENC_DIR"
for seed in ${SEEDS:-1 2 3}; do
  for arm in $ARMS; do
    if [ "$arm" = enc ]; then dir=$ENC_DIR weights=$ENCODER_FILE; else dir=$BASE_DIR weights=; fi
    ENCODER_WEIGHTS=$weights RESULTS_DIR=$dir SEED=$seed $HEAVY npx tsx experiments/biored.ts \
      > "$dir/baseline-s$seed.log" 2>&1 || echo "seed $seed $arm failed (see $dir/baseline-s$seed.log)"
    sleep 20
  done
done

#!/usr/bin/env bash
# Two-fold cross-validation inside MIT-BIH DS1, the only way beat-model variants are chosen (DS2 is never read):
# trains on one half of DS1's records, scores the other half with `./holter bench beats`, and the other way round.
#   models/beats/cv.sh NAME [train.py options…]     e.g. models/beats/cv.sh no-p --rr_features=8
# Needs the exported dataset (models/beats/reproduce.sh makes it) and a build; prints the mean of VEB Se, VEB +P,
# SVEB Se and SVEB +P over the two held-out halves (the figure in the model card's table).
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:?usage: models/beats/cv.sh NAME [train.py options…]}; shift
declare -A fold=([A]=106,109,114,116,119,124,203,207,209,220,230 [B]=101,108,112,115,118,122,201,205,208,215,223)
for f in A B; do
  dir=run/cv/$name-$f
  mkdir -p "$dir"
  /usr/bin/python3 models/beats/train.py --out="$dir" --exclude="${fold[$f]}" "$@" > "$dir/train.log"
  /usr/bin/python3 models/beats/export_onnx.py --ckpt="$dir/ckpt.pt" --out="$dir" > /dev/null
  ./holter bench beats --db data/mitdb --records "${fold[$f]}" --beat-model "$dir/beats.onnx" \
    --json "$dir/score.json" --report "$dir/report.md" > "$dir/bench.log"
done
/usr/bin/python3 - "$name" <<'PY'
import json, sys
name, vals = sys.argv[1], []
for f in "AB":
    d = json.load(open(f"run/cv/{name}-{f}/score.json"))
    v = [d["veb"]["se"], d["veb"]["ppv"], d["sveb"]["se"], d["sveb"]["ppv"]]
    vals += v
    print(f"fold {f}: VEB Se {v[0]:.3f} +P {v[1]:.3f}  SVEB Se {v[2]:.3f} +P {v[3]:.3f}")
print(f"{name}: mean {sum(vals) / len(vals):.3f}")
PY

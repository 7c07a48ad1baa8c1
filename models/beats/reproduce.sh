#!/usr/bin/env bash
# Retrains the beat model from ../shared/data and exports it, on a 2-core CPU (a few minutes): Java plays the
# MIT-BIH DS1 records through the stream's own path and exports each detected beat's features, PyTorch trains,
# ONNX is exported, and the EC57 benchmark scores it on DS2 (never used before this last step).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx python3-numpy >/dev/null
  else
    echo "needs Debian's PyTorch: sudo apt-get install python3-torch python3-onnx python3-numpy" >&2; exit 1
  fi
fi
../shared/data/unpack data mitdb >/dev/null
mvn -B -q install -DskipTests
java -cp "core/target/classes:wire/target/classes:$(cat launcher/target/launcher.classpath)" \
     org.openholter.core.beats.BeatDataset data/mitdb run/datasets/mitdb-beats
/usr/bin/python3 models/beats/train.py --out=run/models/beats "$@"
/usr/bin/python3 models/beats/export_onnx.py --ckpt=run/models/beats/ckpt.pt --out=models/beats \
  --parity=core/src/test/resources/models/beats-parity.json
mvn -B -q install -DskipTests   # packs the new model into the jar
./holter bench beats --db data/mitdb \
  --records 100,103,105,111,113,117,121,123,200,202,210,212,213,214,219,221,222,228,231,232,233,234

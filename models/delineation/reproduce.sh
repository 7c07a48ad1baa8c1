#!/usr/bin/env bash
# Retrains the delineation model from ../shared/data and exports it, on a 2-core CPU (about 10 minutes):
# Java exports the data (the runtime's own WFDB reader and resampler), PyTorch trains, ONNX is exported,
# and the benchmark scores it on LUDB validation lead II.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx python3-numpy >/dev/null
  else
    echo "needs Debian's PyTorch: sudo apt-get install python3-torch python3-onnx python3-numpy" >&2; exit 1
  fi
fi
../shared/data/unpack data ludb >/dev/null
../shared/data/unpack data nstdb >/dev/null
mvn -B -q install -DskipTests
java -cp "core/target/classes:wire/target/classes:$(cat launcher/target/launcher.classpath)" \
     org.openholter.core.delineation.LudbDataset data/ludb run/datasets/ludb-delineation data/nstdb
/usr/bin/python3 models/delineation/train.py --out=run/models/delineation "$@"
/usr/bin/python3 models/delineation/export_onnx.py --ckpt=run/models/delineation/ckpt.pt --out=models/delineation
./holter bench delineation --db data/ludb --annotator ii \
  --records 10,11,14,20,21,22,28,33,34,35,39,47,48,53,55,56,66,67,70,72,73,74,78,91,92,93,95,101,115,119,120,133,135,154,174,178,179,189,191,194,196

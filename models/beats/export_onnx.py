"""Exports the trained beat classifier to ONNX (for onnxruntime in Java) with beats.json.

    /usr/bin/python3 models/beats/export_onnx.py [--ckpt=run/models/beats/ckpt.pt] [--out=models/beats]
"""
import json
import os
import sys

import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CLASSES, BeatNet, parameters  # noqa: E402

ckpt = "run/models/beats/ckpt.pt"
out = "models/beats"
for arg in sys.argv[1:]:
    k, _, v = arg.lstrip("-").partition("=")
    if k not in ("ckpt", "out"):
        sys.exit(f"unknown option --{k}")
    globals()[k] = v

state = torch.load(ckpt, map_location="cpu")
cfg = state["config"]
channels, rr_features = cfg.get("channels", 2), cfg.get("rr_features", 8)
model = BeatNet(cfg["width"], cfg["hidden"], channels, rr_features)
model.load_state_dict(state["model"])
model.eval()
path = os.path.join(out, "beats.onnx")
torch.onnx.export(model, (torch.randn(2, channels, 200), torch.randn(2, rr_features)), path, input_names=["segment", "rr"],
                  output_names=["logits"], opset_version=13,
                  dynamic_axes={"segment": {0: "batch"}, "rr": {0: "batch"}, "logits": {0: "batch"}})
onnx.checker.check_model(onnx.load(path))
meta = {
    "name": "beats",
    "fs": 250,
    "segment_samples": 200,
    "segment_channels": ["beat", "window median beat", "long-term dominant beat"][:channels],
    "r_peak_at": 90,
    "rr_features": rr_features,
    "classes": CLASSES,
    "params": parameters(model),
    "epoch": state["epoch"],
    "train_loss": state["train_loss"],
    "trained_on": "MIT-BIH Arrhythmia DS1 (de Chazal 2004), features from the Java runtime (BeatDataset)",
}
json.dump(meta, open(os.path.join(out, "beats.json"), "w"), indent=2)
print(json.dumps(meta, indent=2))

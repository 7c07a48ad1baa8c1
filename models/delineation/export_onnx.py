"""Exports the trained delineator to ONNX (for onnxruntime in Java) with model.json, and checks that
onnxruntime-equivalent inference through torch.onnx matches PyTorch.

    /usr/bin/python3 models/delineation/export_onnx.py [--ckpt=run/models/delineation/ckpt.pt] [--out=models/delineation]
"""
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Delineator, WithEmbedding, parameters  # noqa: E402

ckpt = "run/models/delineation/ckpt.pt"
out = "models/delineation"
for arg in sys.argv[1:]:
    k, _, v = arg.lstrip("-").partition("=")
    if k not in ("ckpt", "out"):
        sys.exit(f"unknown option --{k}")
    globals()[k] = v

state = torch.load(ckpt, map_location="cpu")
cfg = state["config"]
model = Delineator(tuple(int(w) for w in cfg["width"].split(",")), cfg["kernel"])
model.load_state_dict(state["model"])
model.eval()
dummy = torch.randn(1, 1, 2504)
path = os.path.join(out, "delineation.onnx")
torch.onnx.export(WithEmbedding(model), dummy, path, input_names=["signal"], output_names=["logits", "embedding"], opset_version=13,
                  dynamic_axes={"signal": {0: "batch", 2: "samples"}, "logits": {0: "batch", 2: "samples"}, "embedding": {0: "batch"}})
onnx.checker.check_model(onnx.load(path))
meta = {
    "name": "delineation",
    "fs": 250,
    "window_samples": 2500,
    "pad_to_multiple": 8,
    "labels": ["other", "P", "QRS", "T"],
    "embedding": "output 'embedding' [batch, %d]: the U-Net bottleneck's mean over time (ECGomics comparative dimension)" % model.mid.conv2.out_channels,
    "normalisation": "x - median(x), divided by max(quantile(|x - median|, 0.95), 0.05); per window, in mV",
    "params": parameters(model),
    "epoch": state["epoch"],
    "val_loss": state["val_loss"],
    "val_sample_accuracy": state["val_acc"],
}
json.dump(meta, open(os.path.join(out, "delineation.json"), "w"), indent=2)
print(json.dumps(meta, indent=2))

"""Exports the trained beat classifier to ONNX (for onnxruntime in Java) with beats.json.

    /usr/bin/python3 models/beats/export_onnx.py [--ckpt=run/models/beats/ckpt.pt] [--out=models/beats] [--parity=FILE]

With --parity=FILE also writes a parity fixture: a few exported DS1 beats (or random inputs without the dataset) with
the PyTorch model's class probabilities, which a Java test checks the shipped ONNX model against through onnxruntime.
reproduce.sh writes the core module's fixture for the shipped model; cross-validation models (cv.sh) write none.
"""
import json
import os
import sys

import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CLASSES, build, parameters  # noqa: E402

import numpy as np

ckpt = "run/models/beats/ckpt.pt"
out = "models/beats"
parity = ""
data = "run/datasets/mitdb-beats"
for arg in sys.argv[1:]:
    k, _, v = arg.lstrip("-").partition("=")
    if k not in ("ckpt", "out", "parity", "data"):
        sys.exit(f"unknown option --{k}")
    globals()[k] = v

state = torch.load(ckpt, map_location="cpu")
cfg = state["config"]
channels, rr_features = cfg.get("channels", 2), cfg.get("rr_features", 8)
model = build(cfg)
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
    "s_from_scalars_only": bool(cfg.get("split_s", 0)),
    "params": parameters(model),
    "epoch": state["epoch"],
    "train_loss": state["train_loss"],
    "trained_on": "MIT-BIH Arrhythmia DS1 (de Chazal 2004), features from the Java runtime (BeatDataset)",
}
json.dump(meta, open(os.path.join(out, "beats.json"), "w"), indent=2)
if parity:
    # Two beats of each class present (first ones in the file), or random inputs.
    if os.path.exists(os.path.join(data, "train_y.npy")):
        y = np.load(os.path.join(data, "train_y.npy")).reshape(-1)
        idx = [int(i) for c in range(len(CLASSES)) for i in np.flatnonzero(y == c)[:2]]
        seg = np.load(os.path.join(data, "train_seg.npy"))[idx]
        tpl = [np.load(os.path.join(data, "train_template.npy"))[idx]]
        if channels == 3:
            tpl.append(np.load(os.path.join(data, "train_long_template.npy"))[idx])
        segment = np.stack([seg] + tpl, axis=1).astype(np.float32)
        rr = np.load(os.path.join(data, "train_rr.npy"))[idx].astype(np.float32)
    else:
        g = np.random.default_rng(0)
        segment = g.normal(0, 1, (8, channels, 200)).astype(np.float32)
        rr = g.uniform(0, 2, (8, 18)).astype(np.float32)
    with torch.no_grad():
        p = torch.softmax(model(torch.from_numpy(segment), torch.from_numpy(rr[:, :rr_features])), dim=1).numpy()
    os.makedirs(os.path.dirname(parity), exist_ok=True)
    json.dump({"segment": segment.tolist(), "rr": rr.tolist(), "probabilities": p.tolist()}, open(parity, "w"))
    print(f"parity fixture: {len(p)} beats -> {parity}")
print(json.dumps(meta, indent=2))

"""Trains the beat classifier on MIT-BIH DS1 only (de Chazal's inter-patient split; DS2 is never read here).

    /usr/bin/python3 models/beats/train.py                        # defaults below
    /usr/bin/python3 models/beats/train.py --epochs=2 --out=run/x   # any default can be overridden

Data: run/datasets/mitdb-beats, exported by the Java runtime itself (BeatDataset: the records are played through
the stream's path and the features of every detected beat are taken as the job computes them). Augmentation:
gain, baseline offset, noise, a few samples of R-peak jitter, RR jitter.
Each beat comes with its window's dominant beat (the median of the window's beats), so the model learns how a beat
differs from the patient's usual one rather than what an "absolute" normal beat looks like. Class weights balance the rare classes.
The last epoch is kept: no DS2 and no held-out score chooses anything.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CLASSES, build, parameters  # noqa: E402

# ---- defaults (override with --key=value) ----
data = "run/datasets/mitdb-beats"
out = "run/models/beats"
epochs = 20
batch = 256
lr = 2e-3
weight_decay = 1e-3
seed = 1337
threads = 2
width = 16
hidden = 32
weight_power = 1.0      # class weight = (n_max / n_class) ** weight_power (chosen by 2-fold CV inside DS1)
channels = 2            # 2: beat + window template; 3: + the patient's long-term template
rr_features = 18        # 8: RR features; 10: + P wave found and PR; 18: + shape against the patient's dominant beat, recent RR
split_s = 1             # 1: S told from N by the scalar features alone (SplitBeatNet)
s_weight_power = 0.5    # split model: weight of S beats against N = (n_N / n_S) ** s_weight_power
exclude = ""            # comma-separated DS1 records left out (cross-validation inside DS1)
# ----------------------------------------------
for arg in sys.argv[1:]:
    key, _, val = arg.lstrip("-").partition("=")
    if key not in globals() or key.startswith("_"):
        sys.exit(f"unknown option --{key}")
    cur = globals()[key]
    globals()[key] = type(cur)(val) if not isinstance(cur, str) else val

torch.manual_seed(seed)
rng = np.random.default_rng(seed)
torch.set_num_threads(threads)


def augment(seg, tpls, rr):
    """seg [b, 200], tpls [b, C-1, 200], rr [b, R]; returns corrupted copies as [b, C, 200] and [b, R] (the class never changes)."""
    b, n = seg.shape
    gain = rng.uniform(0.6, 1.6, (b, 1))  # the same gain for the beat and its templates
    seg = seg * gain + rng.normal(0, 0.1, (b, 1)) + rng.normal(0, 1, (b, n)) * rng.uniform(0, 0.05, (b, 1))
    tpls = tpls * gain[:, :, None]
    shift = rng.integers(-3, 4, b)
    seg = np.stack([np.roll(s, k) for s, k in zip(seg, shift)])
    rr = rr.copy()
    rr[:, :8] *= rng.uniform(0.97, 1.03, (b, 8))  # RR jitter; the P flag stays as it is
    return np.concatenate([seg[:, None], tpls], axis=1).astype(np.float32), rr.astype(np.float32)


if __name__ == "__main__":
    seg = np.load(os.path.join(data, "train_seg.npy"))
    tpl = np.load(os.path.join(data, "train_template.npy"))[:, None]
    if channels == 3:
        tpl = np.concatenate([tpl, np.load(os.path.join(data, "train_long_template.npy"))[:, None]], axis=1)
    rr = np.load(os.path.join(data, "train_rr.npy"))[:, :rr_features]
    y = np.load(os.path.join(data, "train_y.npy")).reshape(-1).astype(np.int64)
    if exclude:
        rec = np.loadtxt(os.path.join(data, "train_index.csv"), delimiter=",", skiprows=1, usecols=1, dtype=str)
        keep = ~np.isin(rec, exclude.split(","))
        seg, tpl, rr, y = seg[keep], tpl[keep], rr[keep], y[keep]
    counts = np.bincount(y, minlength=len(CLASSES))
    weights = (counts.max() / np.maximum(counts, 1)) ** weight_power
    config = {"width": width, "hidden": hidden, "channels": channels, "rr_features": rr_features, "split_s": split_s}
    model = build(config)
    # The split model: the CNN's classes are N (with S), V, F, Q; the S head sees N and S beats only.
    y4 = np.where(y == 1, 0, np.where(y > 1, y - 1, y))
    c4 = np.bincount(y4, minlength=4)
    w4 = torch.tensor((c4.max() / np.maximum(c4, 1)) ** weight_power, dtype=torch.float32)
    s_pos = torch.tensor((counts[0] / max(counts[1], 1)) ** s_weight_power, dtype=torch.float32)
    print(f"params {parameters(model)}, beats {len(y)} per class {dict(zip(CLASSES, counts.tolist()))}, "
          f"weights {np.round(weights, 2).tolist()}", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    steps = epochs * math.ceil(len(y) / batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    wt = torch.tensor(weights, dtype=torch.float32)
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    for epoch in range(epochs):
        order = rng.permutation(len(y))
        total, correct, seen = 0.0, 0, 0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            s, r = augment(seg[idx], tpl[idx], rr[idx])
            yb = torch.from_numpy(y[idx])
            if split_s:
                lc, ls = model.parts(torch.from_numpy(s), torch.from_numpy(r))
                loss = F.cross_entropy(lc, torch.from_numpy(y4[idx]), weight=w4)
                ns = (yb <= 1)
                if ns.any():
                    loss = loss + F.binary_cross_entropy_with_logits(ls[ns], (yb[ns] == 1).float(), pos_weight=s_pos)
                logits = model(torch.from_numpy(s), torch.from_numpy(r))
            else:
                logits = model(torch.from_numpy(s), torch.from_numpy(r))
                loss = F.cross_entropy(logits, yb, weight=wt)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            seen += len(idx)
        print(f"epoch {epoch + 1}/{epochs} loss {total / seen:.4f} train acc {correct / seen:.4f} {time.time() - t0:.0f}s", flush=True)
    torch.save({"model": model.state_dict(), "config": config, "epoch": epochs,
                "train_loss": total / seen}, os.path.join(out, "ckpt.pt"))
    json.dump({"train_loss": total / seen, "seconds": time.time() - t0, "params": parameters(model),
               "class_counts": dict(zip(CLASSES, counts.tolist()))}, open(os.path.join(out, "train.json"), "w"))

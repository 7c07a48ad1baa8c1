"""Trains the delineation model on the LUDB training split (never on the 41 validation records).

    /usr/bin/python3 models/delineation/train.py                       # defaults below
    /usr/bin/python3 models/delineation/train.py --epochs=2 --out=run/x  # any default can be overridden

Data: run/datasets/ludb-delineation, exported by the Java runtime code (see models/README.md). Augmentation: NSTDB
baseline wander and muscle noise, electrode-motion-like steps, synthetic wander, gain and polarity changes, mains hum.
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
from model import Delineator, normalise, parameters  # noqa: E402

# ---- defaults (override with --key=value) ----
data = "run/datasets/ludb-delineation"
out = "run/models/delineation"
epochs = 60
batch = 32
lr = 3e-3
weight_decay = 1e-4
seed = 1337
threads = 2
width = "12,24,32,48"
kernel = 7
noise_prob = 0.7
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
FS = 250


def load(split):
    x = np.load(os.path.join(data, f"{split}_x.npy"))
    y = np.load(os.path.join(data, f"{split}_y.npy")).astype(np.int64)
    m = np.load(os.path.join(data, f"{split}_mask.npy")).astype(np.float32)
    return x, y, m


def augment(x):
    """x: [n] mV. Returns a corrupted copy; labels are unchanged by every transform used."""
    n = len(x)
    x = x * rng.uniform(0.3, 3.0) * (-1 if rng.random() < 0.3 else 1)
    if rng.random() < noise_prob:
        for name, amp in (("bw", rng.uniform(0, 0.6)), ("ma", rng.uniform(0, 0.15))):
            src = NOISE[name]
            c = rng.integers(src.shape[0])
            s = rng.integers(src.shape[1] - n)
            seg = src[c, s:s + n]
            x = x + amp * seg / (seg.std() + 1e-6)
    if rng.random() < 0.3:  # electrode motion: a few steps that decay
        for _ in range(rng.integers(1, 4)):
            at = rng.integers(n)
            step = rng.normal(0, 0.5) * np.exp(-np.arange(n - at) / (rng.uniform(0.2, 1.5) * FS))
            x[at:] += step
    if rng.random() < 0.3:  # slow wander
        t = np.arange(n) / FS
        x = x + rng.uniform(0, 0.5) * np.sin(2 * np.pi * rng.uniform(0.05, 0.5) * t + rng.uniform(0, 6.3))
    if rng.random() < 0.2:  # mains hum
        t = np.arange(n) / FS
        x = x + rng.uniform(0, 0.1) * np.sin(2 * np.pi * rng.choice([50, 60]) * t)
    return x.astype(np.float32)


def pad8(t):
    n = t.shape[-1]
    return F.pad(t, (0, (-n) % 8))


def evaluate(model, x, y, m):
    model.eval()
    with torch.no_grad():
        xb = pad8(normalise(torch.from_numpy(x)).unsqueeze(1))
        logits = model(xb)[..., : x.shape[1]]
        yt = torch.from_numpy(y)
        mt = torch.from_numpy(m)
        loss = (F.cross_entropy(logits, yt, reduction="none") * mt).sum() / mt.sum()
        acc = ((logits.argmax(1) == yt).float() * mt).sum() / mt.sum()
    model.train()
    return loss.item(), acc.item()


if __name__ == "__main__":
    tx, ty, tm = load("train")
    vx, vy, vm = load("val")
    NOISE = {k: np.load(os.path.join(data, f"noise_{k}.npy")) for k in ("bw", "ma")}
    model = Delineator(tuple(int(w) for w in width.split(",")), kernel)
    print(f"params {parameters(model)}, train {len(tx)} val {len(vx)}", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    steps = epochs * math.ceil(len(tx) / batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    os.makedirs(out, exist_ok=True)
    t0, step = time.time(), 0
    for epoch in range(epochs):
        order = rng.permutation(len(tx))
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            xb = torch.from_numpy(np.stack([augment(tx[j].copy()) for j in idx]))
            xb = pad8(normalise(xb).unsqueeze(1))
            yb, mb = torch.from_numpy(ty[idx]), torch.from_numpy(tm[idx])
            logits = model(xb)[..., : ty.shape[1]]
            loss = (F.cross_entropy(logits, yb, reduction="none") * mb).sum() / mb.sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
        vl, va = evaluate(model, vx, vy, vm)
        print(f"epoch {epoch + 1}/{epochs} step {step} train {loss.item():.4f} val {vl:.4f} acc {va:.4f} "
              f"{time.time() - t0:.0f}s", flush=True)
    # The last epoch is kept: the validation records are reported on, never used to choose a checkpoint.
    torch.save({"model": model.state_dict(), "config": {"width": width, "kernel": kernel}, "epoch": epochs,
                "val_loss": vl, "val_acc": va}, os.path.join(out, "ckpt.pt"))
    json.dump({"val_loss": vl, "val_acc": va, "seconds": time.time() - t0, "params": parameters(model)},
              open(os.path.join(out, "train.json"), "w"))

"""Small 1-D U-Net that labels every sample of a 10-s, 250-Hz single-lead ECG as other / P / QRS / T.

Input: [batch, 1, n] normalised signal (see normalise()); output: [batch, 4, n] logits, and (as exported) the
window's embedding [batch, 48]: the bottleneck's mean over time. Fully convolutional, so any n divisible by 8 works;
the job feeds 2500-sample windows padded to 2504.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def normalise(x):
    """Robust per-window scaling, the same in Java: subtract the median, divide by the 95th percentile of |x - median|
    (floored at 0.05 mV). A quantile, not the maximum, so that one artefact cannot shrink the whole window."""
    med = x.median(dim=-1, keepdim=True).values
    d = x - med
    scale = torch.quantile(d.abs(), 0.95, dim=-1, keepdim=True).clamp(min=0.05)
    return d / scale


class Block(nn.Module):
    def __init__(self, cin, cout, k, dilation=1):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, k, padding=dilation * (k // 2), dilation=dilation)
        self.bn1 = nn.BatchNorm1d(cout)
        self.conv2 = nn.Conv1d(cout, cout, k, padding=k // 2)
        self.bn2 = nn.BatchNorm1d(cout)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(x)))


class Delineator(nn.Module):
    def __init__(self, width=(12, 24, 32, 48), k=7, classes=4):
        super().__init__()
        w = list(width)
        self.enc = nn.ModuleList([Block(1, w[0], k)] + [Block(w[i], w[i + 1], k) for i in range(len(w) - 1)])
        self.mid = Block(w[-1], w[-1], k, dilation=2)
        self.dec = nn.ModuleList([Block(w[i + 1] + w[i], w[i], k) for i in reversed(range(len(w) - 1))])
        self.head = nn.Conv1d(w[0], classes, 1)

    def forward(self, x, with_embedding=False):
        skips = []
        for i, e in enumerate(self.enc):
            x = e(x)
            if i < len(self.enc) - 1:
                skips.append(x)
                x = F.max_pool1d(x, 2)
        x = self.mid(x)
        # The window's deep-biomarker vector (ECGomics' comparative dimension): the bottleneck averaged over time.
        embedding = x.mean(dim=-1)
        for d in self.dec:
            s = skips.pop()
            x = F.interpolate(x, size=s.shape[-1], mode="nearest")
            x = d(torch.cat([x, s], dim=1))
        logits = self.head(x)
        return (logits, embedding) if with_embedding else logits


class WithEmbedding(nn.Module):
    """What is exported: logits [batch, 4, n] and the bottleneck embedding [batch, width[-1]]."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x, with_embedding=True)


def parameters(model):
    return sum(p.numel() for p in model.parameters())

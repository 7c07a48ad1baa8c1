"""Beat classifier: a small 1-D CNN on a 0.8-s segment of the beat plus eight RR-interval features.

Inputs (computed by the Java runtime, core/.../beats/BeatFeatures, the same in training export and in the job):
  segment [batch, C, 200]: 250 Hz, R peak at sample 90, from the window's normalised signal: channel 0 the beat,
                           channel 1 the window's dominant beat (sample-wise median of its beats), channel 2
                           (when C = 3) the patient's long-term dominant beat, from beats that were not premature
  rr      [batch, R]:      pre/post RR relative to the window mean and to the long-term RR, ratios, seconds;
                           with R = 10 also P wave found (1/0) and PR (s) from the wave layer
Output: logits [batch, 5] for the AAMI classes N, S, V, F, Q.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

CLASSES = ["N", "S", "V", "F", "Q"]


class BeatNet(nn.Module):
    def __init__(self, width=16, hidden=32, channels=2, rr_features=8, classes=len(CLASSES)):
        super().__init__()
        w = width
        self.convs = nn.ModuleList([
            nn.Conv1d(2 * channels - 1, w, 7, padding=3),
            nn.Conv1d(w, 2 * w, 5, padding=2),
            nn.Conv1d(2 * w, 2 * w, 5, padding=2),
            nn.Conv1d(2 * w, 4 * w, 3, padding=1),
        ])
        self.bns = nn.ModuleList([nn.BatchNorm1d(c.out_channels) for c in self.convs])
        self.rr = nn.Sequential(nn.Linear(rr_features, 16), nn.ReLU())
        self.head = nn.Sequential(nn.Linear(8 * w + 16, hidden), nn.ReLU(), nn.Dropout(0.3), nn.Linear(hidden, classes))

    def forward(self, segment, rr):
        # beat, templates, and the differences: the model sees how this beat departs from the patient's usual one
        x = torch.cat([segment, segment[:, :1] - segment[:, 1:]], dim=1)
        for i, (conv, bn) in enumerate(zip(self.convs, self.bns)):
            x = F.relu(bn(conv(x)))
            if i < 3:
                x = F.max_pool1d(x, 2)
        feat = torch.cat([x.mean(dim=-1), x.amax(dim=-1), self.rr(rr)], dim=1)
        return self.head(feat)


class SplitBeatNet(nn.Module):
    """S apart: the CNN tells N (with S), V, F, Q from the beat's shape and all scalars; a small MLP on the scalar
    features alone (rhythm against the patient's running RR, P wave, shape against the patient's dominant beat) tells an
    S from an N among the beats the CNN calls N. Trained with the beat segments, the CNN learnt the shapes of the few
    DS1 patients with S beats and called many N of other patients S; the scalars are patient-normalised.
    Output: log-probabilities [N, S, V, F, Q] (argmax as for logits)."""

    def __init__(self, width=16, hidden=32, channels=2, rr_features=18, s_hidden=32):
        super().__init__()
        self.cnn = BeatNet(width, hidden, channels, rr_features, classes=4)  # N(+S), V, F, Q
        self.s = nn.Sequential(nn.Linear(rr_features, s_hidden), nn.ReLU(), nn.Linear(s_hidden, s_hidden), nn.ReLU(),
                               nn.Linear(s_hidden, 1))

    def parts(self, segment, rr):
        return self.cnn(segment, rr), self.s(rr)[:, 0]

    def forward(self, segment, rr):
        lc, s = self.parts(segment, rr)
        lc = F.log_softmax(lc, dim=1)
        return torch.stack([lc[:, 0] + F.logsigmoid(-s), lc[:, 0] + F.logsigmoid(s), lc[:, 1], lc[:, 2], lc[:, 3]], dim=1)


def build(cfg):
    """The model a checkpoint's config describes."""
    if cfg.get("split_s", 0):
        return SplitBeatNet(cfg["width"], cfg["hidden"], cfg.get("channels", 2), cfg.get("rr_features", 18))
    return BeatNet(cfg["width"], cfg["hidden"], cfg.get("channels", 2), cfg.get("rr_features", 8))


def parameters(model):
    return sum(p.numel() for p in model.parameters())

#!/usr/bin/python3
"""Reference numbers for the optimizer and schedule tests, computed by PyTorch in float64.

Writes src/test/resources/reference/optimizers.csv and schedules.csv, which OptimizerReferenceTest
compares with nnpipe's Sgd, Adam, AdamW, RmsProp, gradient clipping and schedules. Run from the repository root with Debian's
PyTorch:  /usr/bin/python3 scripts/optim_reference.py

Optimizers: one parameter w of 4 values (w0 below) trained for 6 steps on the synthetic gradient
g = c * w + d (a quadratic bowl, so momentum and Adam's moments all matter), clipped first in the
CLIP cases; after each step the parameter's values are written. The Java test computes the same gradient in the same way.
"""
import csv
import os
import sys

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join("src", "test", "resources", "reference")
W0 = [0.5, -1.25, 2.0, 0.0]
C = [1.0, 0.5, 2.0, 3.0]
D = [0.1, -0.2, 0.3, 0.05]
STEPS = 6
LR = 0.1

OPTIMIZERS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=LR),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=LR, momentum=0.9),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=LR, momentum=0.9, nesterov=True),
    "sgd_momentum_decay": lambda p: torch.optim.SGD(p, lr=LR, momentum=0.8, weight_decay=0.01),
    "sgd_decay": lambda p: torch.optim.SGD(p, lr=LR, weight_decay=0.05),
    "adam": lambda p: torch.optim.Adam(p, lr=LR),
    "adam_decay": lambda p: torch.optim.Adam(p, lr=LR, weight_decay=0.1),
    "adam_betas": lambda p: torch.optim.Adam(p, lr=LR, betas=(0.5, 0.9), eps=1e-6),
    "adamw": lambda p: torch.optim.AdamW(p, lr=LR),
    "adamw_decay": lambda p: torch.optim.AdamW(p, lr=LR, weight_decay=0.5, betas=(0.8, 0.95), eps=1e-6),
    "adamw_amsgrad": lambda p: torch.optim.AdamW(p, lr=LR, weight_decay=0.1, amsgrad=True),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=LR),
    "rmsprop_momentum": lambda p: torch.optim.RMSprop(p, lr=LR, momentum=0.9, alpha=0.9),
    "rmsprop_centered": lambda p: torch.optim.RMSprop(p, lr=LR, centered=True, eps=1e-6),
    "rmsprop_all": lambda p: torch.optim.RMSprop(p, lr=LR, alpha=0.8, momentum=0.5, centered=True, weight_decay=0.1),
    "sgd_clip_norm": lambda p: torch.optim.SGD(p, lr=LR, momentum=0.9),
    "adam_clip_value": lambda p: torch.optim.Adam(p, lr=LR),
    "rmsprop_clip_both": lambda p: torch.optim.RMSprop(p, lr=LR),
}

# Gradient clipping before a case's steps (docs/config.md: the value clip first, then the norm clip).
CLIP = {
    "sgd_clip_norm": {"norm": 1.0},
    "adam_clip_value": {"value": 0.5},
    "rmsprop_clip_both": {"value": 1.0, "norm": 1.5},
}

# Schedules per epoch (nnpipe's rate(base, epoch, epochs) for epoch = 1..EPOCHS, epoch 1 = the base).
EPOCHS = 12
BASE = 0.2
SCHEDULES = {
    "step": lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5),
    "exponential": lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.8),
    "cosine": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=EPOCHS),
    "cosine_period_min": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.01),
}


def optimizers(writer):
    c = torch.tensor(C)
    d = torch.tensor(D)
    for name, make in OPTIMIZERS.items():
        w = torch.tensor(W0, requires_grad=True)
        opt = make([w])
        for step in range(1, STEPS + 1):
            with torch.no_grad():
                w.grad = c * w + d
            clip = CLIP.get(name, {})
            if "value" in clip:
                torch.nn.utils.clip_grad_value_([w], clip["value"])
            if "norm" in clip:
                torch.nn.utils.clip_grad_norm_([w], clip["norm"])
            opt.step()
            for i, v in enumerate(w.detach().tolist()):
                writer.writerow([name, step, i, repr(v)])


def schedules(writer):
    for name, make in SCHEDULES.items():
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE)
        sched = make(opt)
        for epoch in range(1, EPOCHS + 1):
            writer.writerow([name, epoch, repr(opt.param_groups[0]["lr"])])
            opt.step()
            sched.step()


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "optimizers.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "step", "index", "value"])
        optimizers(w)
    with open(os.path.join(OUT, "schedules.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["schedule", "epoch", "learning_rate"])
        schedules(w)
    print("torch", torch.__version__, "wrote", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Train an nnpipe config again in PyTorch float64 and compare with nnpipe's run folder.

Written from the documentation only (README.md, docs/config.md, docs/data.md,
docs/seed-example.md, docs/reproducibility.md, docs/errors.md) -- without reading src/ or
the project's other reference scripts -- as an outsider checking the product would, so that
it does not share their misreadings (QA ninth pass, docs/qa.md).

    scripts/outsider_check.py CONFIG.yaml [--run RUN_DIR] [--jar target/pipeline.jar]
                              [--tol 1e-9] [--json]

Without --run it trains CONFIG with the jar into a temporary folder first. The initial
parameters and buffers come from the run's weights/epoch-0000.csv; the values the config's
initializers should have drawn are recomputed too (line initial_values). Everything after that
is recomputed from the documented semantics: batching (last batch holds the rest, loss = batch
mean), the layers, the five losses (sigmoid_cross_entropy as BCEWithLogitsLoss), sgd/adam/adamw/rmsprop as torch.optim (and its gradient clipping), the per-epoch schedules, data files
(CSV with label/target columns, IDX, gzip, limit, scale, normalize, split), the shuffle and
dropout masks from the generator specified in docs/determinism.md, training metrics from the
training forward passes, test metrics after the epoch in inference mode. Not covered:
seed_document_rules and components from plugins. (The generator's section of determinism.md
was itself added in that pass, from the source, because the docs did not define the streams;
this port was written from the section.) Gaussian draws use the C library's log/cos,
not fdlibm, so drawn normal values may differ from nnpipe's in the last bit.

Prints the largest relative difference |a-b|/max(1,|b|) per output and exits 1 when one is
above --tol.
"""
import argparse
import csv
import gzip
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F
import yaml

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


# ---------------------------------------------------------------- random streams (docs/determinism.md)

def splitmix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Rng:
    """The generator as docs/determinism.md "The random streams, exactly" specifies it."""

    def __init__(self, x):
        self.s = [splitmix((x + k * GOLDEN) & M64) for k in (1, 2, 3, 4)]

    @staticmethod
    def derive(seed, name):
        h = (seed & M64) ^ 0x6A09E667F3BCC909
        for ch in name:
            h = splitmix(h ^ ord(ch))
        return Rng(h)

    def next_long(self):
        s0, s1, s2, s3 = self.s
        result = (rotl((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def next_int(self, bound):
        limit = M64 % bound
        while True:
            r = self.next_long()
            if r <= M64 - limit:
                return r % bound

    def gaussian(self):
        u1 = self.next_double()
        while u1 == 0.0:
            u1 = self.next_double()
        u2 = self.next_double()
        # math.log/cos are the C library's, not fdlibm: may differ from StrictMath in the last bit
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.next_int(i + 1)
            a[i], a[j] = a[j], a[i]
        return a


# ---------------------------------------------------------------- data

def open_bytes(path):
    with open(path, 'rb') as f:
        raw = f.read()
    if raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    return raw


def read_idx(path):
    raw = open_bytes(path)
    assert raw[0] == 0 and raw[1] == 0, path
    kind, ndim = raw[2], raw[3]
    dims = struct.unpack('>' + 'i' * ndim, raw[4:4 + 4 * ndim])
    fmt = {0x08: 'B', 0x09: 'b', 0x0B: 'h', 0x0C: 'i', 0x0D: 'f', 0x0E: 'd'}[kind]
    count = 1
    for d in dims:
        count *= d
    vals = struct.unpack('>' + fmt * count, raw[4 + 4 * ndim:4 + 4 * ndim + struct.calcsize('>' + fmt) * count])
    per = count // dims[0] if dims[0] else 0
    return [list(map(float, vals[i * per:(i + 1) * per])) for i in range(dims[0])]


def read_csv(path):
    text = open_bytes(path).decode('utf-8-sig')
    lines = [l for l in text.splitlines() if l.strip()]
    header = [h.strip().strip('"') for h in lines[0].split(',')]
    label_col = header.index('label') if 'label' in header else None
    target_cols = [i for i, h in enumerate(header) if h.startswith('target')]
    inputs, labels, targets = [], [], []
    for line in lines[1:]:
        fields = [x.strip() for x in line.split(',')]
        if label_col is not None:
            labels.append(int(float(fields[label_col])))
            inputs.append([float(fields[i]) for i in range(len(fields)) if i != label_col])
        else:
            tcols = target_cols
            numbered = {}
            plain = []
            for i in tcols:
                suffix = header[i][len('target'):]
                if suffix.isdigit():
                    numbered[int(suffix)] = float(fields[i])
                else:
                    plain.append(float(fields[i]))
            t = [None] * len(tcols)
            for k, v in numbered.items():
                t[k] = v
            it = iter(plain)
            t = [v if v is not None else next(it) for v in t]
            targets.append(t)
            inputs.append([float(fields[i]) for i in range(len(fields)) if i not in tcols])
    return inputs, (labels if label_col is not None else None), (targets if label_col is None else None)


def flatten_nested(x):
    if isinstance(x, list):
        out = []
        for v in x:
            out.extend(flatten_nested(v))
        return out
    return [float(x)]


def read_source(src, base):
    """Returns (inputs, labels or None, targets or None); labels are ints or one-hot lists."""
    if isinstance(src, list):
        inputs, labels, targets = [], [], []
        for s in src:
            inputs.append(flatten_nested(s['input']))
            if 'label' in s:
                labels.append(s['label'])
            else:
                targets.append([float(v) for v in s['target']])
        return inputs, (labels or None), (targets or None)
    limit = src.get('limit', 0)
    if 'csv' in src:
        inputs, labels, targets = read_csv(os.path.join(base, src['csv']))
    else:
        inputs = read_idx(os.path.join(base, src['images']))
        labels = [int(v[0]) for v in read_idx(os.path.join(base, src['labels']))]
        targets = None
    if limit:
        inputs = inputs[:limit]
        labels = labels[:limit] if labels is not None else None
        targets = targets[:limit] if targets is not None else None
    return inputs, labels, targets


def scale_of(spec):
    if spec is None:
        return None
    if isinstance(spec, (int, float)):
        return (0.0, float(spec), 0.0, 1.0)
    if isinstance(spec, list):
        return (float(spec[0]), float(spec[1]), 0.0, 1.0)
    return (float(spec['from'][0]), float(spec['from'][1]), float(spec['to'][0]), float(spec['to'][1]))


def apply_scale(inputs, sc):
    if sc is None:
        return inputs
    lo, hi, a, b = sc
    return [[(x - lo) / (hi - lo) * (b - a) + a for x in row] for row in inputs]


def channel_stats(inputs, channels):
    per = len(inputs[0]) // channels
    means, stds = [], []
    for c in range(channels):
        s, n = 0.0, 0
        for row in inputs:
            for x in row[c * per:(c + 1) * per]:
                s += x
                n += 1
        m = s / n
        q = 0.0
        for row in inputs:
            for x in row[c * per:(c + 1) * per]:
                q += (x - m) * (x - m)
        means.append(m)
        stds.append(math.sqrt(q / n))
    return means, stds


def apply_normalize(inputs, channels, means, stds):
    per = len(inputs[0]) // channels
    return [[(x - means[i // per]) / stds[i // per] for i, x in enumerate(row)] for row in inputs]


def load_data(cfg, base):
    d = cfg['data']
    shape = d['input_shape']
    channels = shape[0] if len(shape) == 3 else 1
    sc = scale_of(d.get('scale'))
    train = list(read_source(d['train'], base))
    train[0] = apply_scale(train[0], sc)
    test = None
    if 'split' in d:
        sp = d['split']
        frac, seed = (sp, cfg.get('seed', 0)) if not isinstance(sp, dict) else (sp['test'], sp.get('seed', cfg.get('seed', 0)))
        n = len(train[0])
        order = Rng.derive(int(seed), 'split').shuffle(list(range(n)))
        k = int(math.floor(n * float(frac) + 0.5))
        sides = sorted(order[k:]), sorted(order[:k])
        pick = lambda part, idx: None if part is None else [part[i] for i in idx]
        test = [pick(part, sides[1]) for part in train]
        train = [pick(part, sides[0]) for part in train]
    elif 'test' in d:
        test = list(read_source(d['test'], base))
        test[0] = apply_scale(test[0], sc)
    norm = d.get('normalize')
    stats = None
    if norm is not None:
        if norm == 'train' or (isinstance(norm, dict) and 'mean' not in norm):
            means, stds = channel_stats(train[0], channels)
        else:
            m, s = norm['mean'], norm['std']
            means = [float(v) for v in m] if isinstance(m, list) else [float(m)] * channels
            stds = [float(v) for v in s] if isinstance(s, list) else [float(s)] * channels
        stats = (means, stds)
        train[0] = apply_normalize(train[0], channels, means, stds)
        if test is not None:
            test[0] = apply_normalize(test[0], channels, means, stds)
    return shape, train, test, stats


def target_tensor(labels, targets, outputs):
    """Targets [n, outputs] and class indices (or None for target sets)."""
    if labels is None:
        return torch.tensor(targets, dtype=torch.float64), None
    t = torch.zeros(len(labels), outputs)
    cls = []
    for i, lab in enumerate(labels):
        if isinstance(lab, list):
            t[i] = torch.tensor([float(v) for v in lab])
            cls.append(lab.index(max(lab)))
        elif outputs == 1:
            t[i, 0] = float(lab)
            cls.append(int(lab))
        else:
            t[i, int(lab)] = 1.0
            cls.append(int(lab))
    return t, cls


# ---------------------------------------------------------------- network

def pair(v):
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


class Net:
    def __init__(self, cfg, shape):
        self.seed = int(cfg.get('seed', 0))
        self.layers = []
        counts = {}
        self.params = {}      # (layer, param) -> tensor
        self.buffers = {}
        shape = list(shape)
        for spec in cfg['layers']:
            t = spec['type']
            counts[t] = counts.get(t, 0) + 1
            name = spec.get('name', '%s_%d' % (t, counts[t]))
            layer = {'type': t, 'name': name, 'spec': spec}
            if t == 'conv2d':
                kh, kw = pair(spec['kernel'])
                sh, sw = pair(spec.get('stride', 1))
                ph, pw = pair(spec.get('padding', 0))
                cin, oc = shape[0], spec['out_channels']
                layer['fans'] = (cin * kh * kw, oc * kh * kw)
                self._param(name, 'weight', (oc, cin, kh, kw))
                if spec.get('bias', None) is not False:
                    self._param(name, 'bias', (oc,))
                layer.update(stride=(sh, sw), padding=(ph, pw))
                shape = [oc, (shape[1] + 2 * ph - kh) // sh + 1, (shape[2] + 2 * pw - kw) // sw + 1]
            elif t in ('max_pool2d', 'avg_pool2d'):
                k = pair(spec['kernel'])
                s = pair(spec.get('stride', spec['kernel']))
                p = pair(spec.get('padding', 0))
                layer.update(kernel=k, stride=s, padding=p,
                             include=spec.get('count_include_pad', True))
                shape = [shape[0], (shape[1] + 2 * p[0] - k[0]) // s[0] + 1,
                         (shape[2] + 2 * p[1] - k[1]) // s[1] + 1]
            elif t == 'flatten':
                shape = [math.prod(shape)]
            elif t == 'dense':
                units = spec['units']
                layer['fans'] = (math.prod(shape), units)
                self._param(name, 'weight', (math.prod(shape), units))
                if spec.get('bias', None) is not False:
                    self._param(name, 'bias', (units,))
                shape = [units]
            elif t == 'batch_norm':
                c = shape[0]
                if spec.get('gamma', None) is not False:
                    self._param(name, 'gamma', (c,))
                if spec.get('beta', None) is not False:
                    self._param(name, 'beta', (c,))
                self.buffers[(name, 'running_mean')] = torch.zeros(c)
                self.buffers[(name, 'running_var')] = torch.ones(c)
                layer.update(momentum=float(spec.get('momentum', 0.1)), eps=float(spec.get('epsilon', 1e-5)))
            elif t == 'dropout':
                layer.update(rate=float(spec.get('rate', 0.5)))
            elif t not in ('relu', 'leaky_relu', 'sigmoid', 'tanh', 'softmax'):
                raise SystemExit('outsider_check: unknown layer type ' + t)
            self.layers.append(layer)
        self.out_shape = shape

    def _param(self, layer, pname, shape):
        self.params[(layer, pname)] = torch.zeros(shape, requires_grad=True)

    def load(self, snapshot):
        seen = set()
        with open(snapshot) as f:
            for row in csv.DictReader(f):
                key = (row['layer'], row['param'])
                target = self.params.get(key)
                if target is None:
                    target = self.buffers.get(key)
                if target is None:
                    raise SystemExit('outsider_check: snapshot has %s.%s, which the docs do not explain' % key)
                with torch.no_grad():
                    target.view(-1)[int(row['index'])] = float(row['value'])
                seen.add(key)
        missing = set(self.params) | set(self.buffers)
        missing -= seen
        if missing:
            raise SystemExit('outsider_check: snapshot lacks %s' % sorted(missing))

    def forward(self, x, training, step=0):
        for L in self.layers:
            t, n = L['type'], L['name']
            p = lambda k: self.params.get((n, k))
            if t == 'conv2d':
                x = F.conv2d(x, p('weight'), p('bias'), stride=L['stride'], padding=L['padding'])
            elif t == 'max_pool2d':
                x = F.max_pool2d(x, L['kernel'], L['stride'], L['padding'])
            elif t == 'avg_pool2d':
                x = F.avg_pool2d(x, L['kernel'], L['stride'], L['padding'], count_include_pad=L['include'])
            elif t == 'flatten':
                x = x.reshape(x.shape[0], -1)
            elif t == 'dense':
                x = x.reshape(x.shape[0], -1) @ p('weight')
                if p('bias') is not None:
                    x = x + p('bias')
            elif t == 'relu':
                x = torch.relu(x)
            elif t == 'leaky_relu':
                x = F.leaky_relu(x, float(L['spec'].get('negative_slope', 0.01)))
            elif t == 'sigmoid':
                x = torch.sigmoid(x)
            elif t == 'tanh':
                x = torch.tanh(x)
            elif t == 'softmax':
                x = torch.softmax(x.reshape(x.shape[0], -1), dim=1).reshape(x.shape)
            elif t == 'batch_norm':
                x = self._batch_norm(L, x, training)
            elif t == 'dropout' and training and L['rate'] > 0:
                rng = Rng.derive(self.seed, 'dropout/%s/%d' % (n, step))
                keep = 1.0 / (1.0 - L['rate'])
                mask = [keep if rng.next_double() >= L['rate'] else 0.0 for _ in range(x.numel())]
                x = x * torch.tensor(mask).reshape(x.shape)
        return x.reshape(x.shape[0], -1)

    def _batch_norm(self, L, x, training):
        n = L['name']
        dims = [0] if x.dim() == 2 else [0, 2, 3]
        view = [1, -1] + [1] * (x.dim() - 2)
        rm, rv = self.buffers[(n, 'running_mean')], self.buffers[(n, 'running_var')]
        if training:
            mean = x.mean(dim=dims)
            var = ((x - mean.view(view)) ** 2).mean(dim=dims)
            count = x.numel() // x.shape[1]
            m = L['momentum']
            with torch.no_grad():
                rm.copy_((1 - m) * rm + m * mean)
                rv.copy_((1 - m) * rv + m * var * count / (count - 1))
        else:
            mean, var = rm, rv
        y = (x - mean.view(view)) / torch.sqrt(var.view(view) + L['eps'])
        g, b = self.params.get((n, 'gamma')), self.params.get((n, 'beta'))
        if g is not None:
            y = y * g.view(view)
        if b is not None:
            y = y + b.view(view)
        return y


DEFAULT_INIT = {'weight': 'he_uniform', 'bias': 'zeros', 'gamma': 'ones', 'beta': 'zeros'}


def draw_initial(net):
    """Largest difference between the loaded epoch-0000 values and the values the docs say the
    config's initializers draw (explicit values as written); parameters whose initializer needs
    fans nnpipe does not document (batch norm's) are skipped."""
    worst = 0.0
    for L in net.layers:
        for pname in ('weight', 'bias', 'gamma', 'beta'):
            param = net.params.get((L['name'], pname))
            if param is None:
                continue
            spec = L['spec'].get(pname, DEFAULT_INIT[pname])
            count = param.numel()
            if isinstance(spec, list):
                values = flatten_nested(spec)
            else:
                spec = {'init': spec} if isinstance(spec, str) else spec
                kind = spec['init']
                rng = Rng.derive(net.seed, 'init/%s/%s' % (L['name'], pname))
                fans = L.get('fans')
                gain = float(spec.get('gain', 1.0))
                if kind in ('zeros', 'ones', 'constant'):
                    c = {'zeros': 0.0, 'ones': 1.0}.get(kind) if kind != 'constant' else float(spec['value'])
                    values = [c] * count
                elif kind == 'uniform':
                    lo, hi = float(spec.get('low', -0.05)), float(spec.get('high', 0.05))
                    values = [lo + (hi - lo) * rng.next_double() for _ in range(count)]
                elif kind == 'normal':
                    mean, std = float(spec.get('mean', 0.0)), float(spec.get('std', 0.05))
                    values = [mean + std * rng.gaussian() for _ in range(count)]
                elif fans is None:
                    continue
                elif kind in ('xavier_uniform', 'he_uniform'):
                    bound = gain * math.sqrt(6.0 / (fans[0] + fans[1]) if kind[0] == 'x' else 6.0 / fans[0])
                    values = [bound * (2.0 * rng.next_double() - 1.0) for _ in range(count)]
                else:
                    std = gain * math.sqrt(2.0 / (fans[0] + fans[1]) if kind[0] == 'x' else 2.0 / fans[0])
                    values = [std * rng.gaussian() for _ in range(count)]
            for a, b in zip(param.detach().reshape(-1).tolist(), values):
                worst = max(worst, rel(a, b))
    return worst


# sigmoid_cross_entropy (docs/config.md): BCEWithLogitsLoss summed over the outputs, with its
# pos_weight; its outputs are logits, so one output predicts class 1 from logit 0 on. Set by main().
LOGITS = {'threshold': 0.5, 'pos_weight': None}


def per_sample_loss(kind, out, t):
    if kind == 'softmax_cross_entropy':
        return -(t * torch.log_softmax(out, dim=1)).sum(dim=1)
    if kind == 'cross_entropy':
        return -torch.special.xlogy(t, out).sum(dim=1)
    if kind == 'binary_cross_entropy':
        return -(torch.special.xlogy(t, out) + torch.special.xlogy(1 - t, 1 - out)).sum(dim=1)
    if kind == 'sigmoid_cross_entropy':
        return torch.nn.functional.binary_cross_entropy_with_logits(
            out, t, pos_weight=LOGITS['pos_weight'], reduction='none').sum(dim=1)
    if kind == 'mse':
        return ((out - t) ** 2).mean(dim=1)
    raise SystemExit('outsider_check: unknown loss ' + kind)


def correct(out, cls):
    if cls is None:
        return None
    if out.shape[1] == 1:
        pred = [1 if v >= LOGITS['threshold'] else 0 for v in out[:, 0].tolist()]
    else:
        pred = out.argmax(dim=1).tolist()   # torch returns the first maximum
    return sum(1 for a, b in zip(pred, cls) if a == b)


def rate(opt, epoch, epochs):
    base = float(opt['learning_rate'])
    s = opt.get('schedule', 'constant')
    s = {'type': s} if isinstance(s, str) else s
    e = epoch - 1
    if s['type'] == 'constant':
        return base
    if s['type'] == 'step':
        return base * float(s.get('gamma', 0.1)) ** (e // int(s['step_size']))
    if s['type'] == 'exponential':
        return base * float(s['gamma']) ** e
    if s['type'] == 'cosine':
        period = int(s.get('period', 0)) or epochs
        lo = float(s.get('min_rate', 0.0))
        return lo + (base - lo) * (1 + math.cos(math.pi * e / period)) / 2
    raise SystemExit('outsider_check: unknown schedule ' + s['type'])


def make_optimizer(opt, params):
    kind = opt['type']
    if kind == 'sgd':
        return torch.optim.SGD(params, lr=float(opt['learning_rate']), momentum=float(opt.get('momentum', 0)),
                               nesterov=bool(opt.get('nesterov', False)),
                               weight_decay=float(opt.get('weight_decay', 0)))
    if kind == 'adam':
        return torch.optim.Adam(params, lr=float(opt['learning_rate']),
                                betas=(float(opt.get('beta1', 0.9)), float(opt.get('beta2', 0.999))),
                                eps=float(opt.get('epsilon', 1e-8)), weight_decay=float(opt.get('weight_decay', 0)))
    if kind == 'adamw':
        return torch.optim.AdamW(params, lr=float(opt['learning_rate']),
                                 betas=(float(opt.get('beta1', 0.9)), float(opt.get('beta2', 0.999))),
                                 eps=float(opt.get('epsilon', 1e-8)), weight_decay=float(opt.get('weight_decay', 0.01)),
                                 amsgrad=bool(opt.get('amsgrad', False)))
    if kind == 'rmsprop':
        return torch.optim.RMSprop(params, lr=float(opt['learning_rate']), alpha=float(opt.get('alpha', 0.99)),
                                   eps=float(opt.get('epsilon', 1e-8)), momentum=float(opt.get('momentum', 0)),
                                   centered=bool(opt.get('centered', False)),
                                   weight_decay=float(opt.get('weight_decay', 0)))
    raise SystemExit('outsider_check: unknown optimizer ' + kind)


# ---------------------------------------------------------------- training

def evaluate(net, x, t, cls, loss_kind, bs):
    losses, right = [], 0
    with torch.no_grad():
        for s in range(0, x.shape[0], bs):
            out = net.forward(x[s:s + bs], False)
            losses.extend(per_sample_loss(loss_kind, out, t[s:s + bs]).tolist())
            if cls is not None:
                right += correct(out, cls[s:s + bs])
    return sum(losses) / len(losses), (right / len(losses) if cls is not None else None)


def train(cfg, base, run_dir):
    rules = cfg.get('seed_document_rules') or {}
    if any(rules.values()):
        raise SystemExit('outsider_check: seed_document_rules are not covered')
    shape, train_set, test_set, stats = load_data(cfg, base)
    net = Net(cfg, shape)
    net.load(os.path.join(run_dir, 'weights', 'epoch-0000.csv'))
    initial = draw_initial(net)
    outputs = net.out_shape[0]
    x = torch.tensor(train_set[0]).reshape([-1] + list(shape))
    t, cls = target_tensor(train_set[1], train_set[2], outputs)
    if test_set is not None:
        tx = torch.tensor(test_set[0]).reshape([-1] + list(shape))
        tt, tcls = target_tensor(test_set[1], test_set[2], outputs)
    loss_spec = cfg['loss']
    loss_kind = loss_spec if isinstance(loss_spec, str) else loss_spec['type']
    if loss_kind == 'sigmoid_cross_entropy':
        LOGITS['threshold'] = 0.0
        pw = None if isinstance(loss_spec, str) else loss_spec.get('pos_weight')
        LOGITS['pos_weight'] = None if pw is None else torch.tensor(pw if isinstance(pw, list) else [pw],
                                                                     dtype=torch.float64)
    bs = int(cfg.get('batch_size', 1))
    epochs = int(cfg['epochs'])
    opt = make_optimizer(cfg['optimizer'], list(net.params.values()))
    n = x.shape[0]
    steps, epoch_rows, step = [], [], 0
    for epoch in range(1, epochs + 1):
        lr = rate(cfg['optimizer'], epoch, epochs)
        for g in opt.param_groups:
            g['lr'] = lr
        total, right = 0.0, 0
        order = list(range(n))
        if cfg.get('shuffle', False):
            Rng.derive(net.seed, 'shuffle/epoch-%d' % epoch).shuffle(order)
        for s in range(0, n, bs):
            step += 1
            idx = order[s:s + bs]
            opt.zero_grad()
            out = net.forward(x[idx], True, step)
            per = per_sample_loss(loss_kind, out, t[idx])
            loss = per.mean()
            loss.backward()
            clip = cfg['optimizer']
            if 'clip_grad_value' in clip:
                torch.nn.utils.clip_grad_value_(list(net.params.values()), float(clip['clip_grad_value']))
            if 'clip_grad_norm' in clip:
                torch.nn.utils.clip_grad_norm_(list(net.params.values()), float(clip['clip_grad_norm']))
            opt.step()
            total += per.sum().item()
            if cls is not None:
                right += correct(out.detach(), [cls[i] for i in idx])
            steps.append((epoch, step, idx[0] + 1, loss.item(), per.shape[0], lr))
        row = [epoch, total / n, right / n if cls is not None else None]
        if test_set is not None:
            row += list(evaluate(net, tx, tt, tcls, loss_kind, bs))
        epoch_rows.append(row)
    final = {k: v.detach().reshape(-1).tolist() for k, v in net.params.items()}
    final.update({k: v.reshape(-1).tolist() for k, v in net.buffers.items()})
    return steps, epoch_rows, final, initial


# ---------------------------------------------------------------- comparison

def rel(a, b):
    return abs(a - b) / max(1.0, abs(b))


def compare(steps, epoch_rows, final, run_dir):
    res = {}
    with open(os.path.join(run_dir, 'loss.csv')) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(steps), ('loss.csv rows', len(rows), len(steps))
    worst_loss = worst_lr = 0.0
    for r, (e, st, smp, loss, b, lr) in zip(rows, steps):
        if (int(r['epoch']), int(r['step']), int(r['sample']), int(r['batch_size'])) != (e, st, smp, b):
            raise SystemExit('loss.csv row %s differs in epoch/step/sample/batch_size: %s vs %s'
                             % (st, r, (e, st, smp, b)))
        worst_loss = max(worst_loss, rel(float(r['loss']), loss))
        worst_lr = max(worst_lr, rel(float(r['learning_rate']), lr))
    res['step_loss'], res['learning_rate'] = worst_loss, worst_lr
    with open(os.path.join(run_dir, 'epochs.csv')) as f:
        erows = list(csv.DictReader(f))
    assert len(erows) == len(epoch_rows)
    cols = ['train_loss', 'train_accuracy', 'test_loss', 'test_accuracy']
    for i, c in enumerate(cols):
        worst = 0.0
        for r, mine in zip(erows, epoch_rows):
            theirs = r[c]
            ours = mine[i + 1] if i + 1 < len(mine) else None
            if (theirs == '') != (ours is None):
                raise SystemExit('epochs.csv %s: nnpipe %r, reference %r (epoch %s)' % (c, theirs, ours, r['epoch']))
            if ours is not None:
                worst = max(worst, rel(float(theirs), ours))
        res[c] = worst
    last = sorted(os.listdir(os.path.join(run_dir, 'weights')))[-1]
    worst, per = 0.0, {}
    with open(os.path.join(run_dir, 'weights', last)) as f:
        for r in csv.DictReader(f):
            d = rel(float(r['value']), final[(r['layer'], r['param'])][int(r['index'])])
            key = r['layer'] + '.' + r['param']
            per[key] = max(per.get(key, 0.0), d)
            worst = max(worst, d)
    res['final_weights'] = worst
    return res, per


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('config')
    ap.add_argument('--run')
    ap.add_argument('--jar', default=os.path.join(os.path.dirname(__file__), '..', 'target', 'pipeline.jar'))
    ap.add_argument('--tol', type=float, default=1e-9)
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--per-param', action='store_true', help='largest difference of each parameter and buffer')
    a = ap.parse_args()
    with open(a.config) as f:
        cfg = yaml.safe_load(f)
    run_dir = a.run
    if run_dir is None:
        run_dir = os.path.join(tempfile.mkdtemp(prefix='outsider-'), 'run')
        subprocess.run(['java', '-jar', a.jar, '-q', '--no-report', '--out', run_dir, a.config], check=True)
    steps, epoch_rows, final, initial = train(cfg, os.path.dirname(os.path.abspath(a.config)), run_dir)
    res, per = compare(steps, epoch_rows, final, run_dir)
    res = dict(initial_values=initial, **res)
    if a.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print('%-15s %.2e' % (k, v))
        if a.per_param:
            for k, v in sorted(per.items()):
                print('  %-28s %.2e' % (k, v))
    sys.exit(1 if max(res.values()) > a.tol else 0)


if __name__ == '__main__':
    main()

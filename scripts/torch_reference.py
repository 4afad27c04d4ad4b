#!/usr/bin/python3
"""An independent float64 PyTorch re-implementation of an nnpipe run, written by QA from the README
and docs/config.md (not from nnpipe's code or scripts/crosscheck_torch.py).

    /usr/bin/python3 scripts/torch_reference.py CONFIG.yaml RUN_DIR [--write PREFIX]

Reads the config and its data files itself, takes the initial weights from
RUN_DIR/weights/epoch-0000.csv, reproduces the split, the per-epoch shuffle and dropout's masks
through a port of io.nnpipe.tensor.Rng, trains with torch.optim.SGD/Adam/AdamW/RMSprop (and
torch.nn.utils.clip_grad_value_/clip_grad_norm_) on the same batches, and
compares with the run folder: every step's loss and learning rate (loss.csv, including its
`sample` column), every epoch's metrics (epochs.csv), every snapshot, and each traced step's values
(trace.csv) against autograd's intermediate outputs and gradients. Prints the largest relative
differences (|a-b| / max(1, |a|, |b|)); exit 1 if one exceeds --rtol (default 1e-9).
--write PREFIX writes PyTorch's numbers as PREFIX.torch-loss.csv, PREFIX.torch-epochs.csv and
PREFIX.torch-weights.csv (last epoch), which CrosscheckOutsideConfigsTest compares.

Supports every built-in layer, loss, optimizer and schedule, inline/CSV/IDX data with limit,
split, scale and normalize; not seed_document_rules.
"""
import argparse, csv, gzip, math, os, struct, sys
import numpy as np
import torch
import yaml

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
M = (1 << 64) - 1


# ---------------- generator port (io.nnpipe.tensor.Rng) ----------------
def smix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


class Rng:
    def __init__(self, seed):
        x = seed & M
        s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M
            s.append(smix(x))
        self.s = s

    @staticmethod
    def derive(seed, name):
        h = (seed & M) ^ 0x6A09E667F3BCC909
        for ch in name:
            h = smix(h ^ ord(ch))
        return Rng(h)

    def next(self):
        s0, s1, s2, s3 = self.s
        rot = lambda x, k: ((x << k) | (x >> (64 - k))) & M
        r = (rot((s1 * 5) & M, 7) * 9) & M
        t = (s1 << 17) & M
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rot(s3, 45)
        self.s = [s0, s1, s2, s3]
        return r

    def double(self):
        return (self.next() >> 11) * 2.0 ** -53

    def int(self, bound):
        limit = M % bound
        while True:
            r = self.next()
            if r <= M - limit:
                return r % bound

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.int(i + 1)
            a[i], a[j] = a[j], a[i]


# ---------------- data ----------------
def raw(path):
    b = open(path, 'rb').read()
    return gzip.decompress(b) if b[:2] == b'\x1f\x8b' else b


def read_csv(path):
    """(X, labels or None, targets or None): the column named `label`, or the columns named
    target..., anywhere in the header; the other columns are the inputs, in order."""
    lines = raw(path).decode().splitlines()
    header = [h.strip() for h in lines[0].lstrip('\ufeff').split(',')]
    tcols = [c for c, h in enumerate(header) if h.startswith('target')]
    lcol = header.index('label') if 'label' in header else None
    k = len(tcols)
    X, y = [], []
    for ln in lines[1:]:
        if ln.strip():
            f = ln.split(',')
            y.append([float(f[c]) for c in tcols] if k else int(f[lcol]))
            X.append([float(v) for c, v in enumerate(f) if c != lcol and c not in tcols])
    if k:
        return np.array(X), None, np.array(y, dtype=np.float64)
    return np.array(X), np.array(y), None


def read_idx(path):
    b = raw(path)
    code, nd = b[2], b[3]
    dims = struct.unpack('>' + 'I' * nd, b[4:4 + 4 * nd])
    dt = {8: '>u1', 9: '>i1', 11: '>i2', 12: '>i4', 13: '>f4', 14: '>f8'}[code]
    a = np.frombuffer(b, dtype=dt, offset=4 + 4 * nd).astype(np.float64)
    return a.reshape(dims[0], -1)


def source(spec, base, outputs):
    """(X [n, size], T [n, outputs], labels [n] or None)"""
    if isinstance(spec, list):
        X, T, L = [], [], []
        for s in spec:
            X.append(np.array(s['input'], dtype=np.float64).reshape(-1))
            if 'target' in s:
                T.append(np.array(s['target'], dtype=np.float64)); L.append(-1)
            else:
                lab = s['label']
                if isinstance(lab, list):
                    T.append(np.array(lab, dtype=np.float64)); L.append(int(np.argmax(lab)))
                else:
                    T.append(encode(lab, outputs)); L.append(lab)
        return np.array(X), np.array(T), np.array(L)
    if 'csv' in spec:
        X, y, targets = read_csv(os.path.join(base, spec['csv']))
        if targets is not None:  # target columns: no classes (label -1, as inline `target`)
            if spec.get('limit'):
                X, targets = X[:spec['limit']], targets[:spec['limit']]
            return X, targets.reshape(len(targets), outputs), np.full(len(targets), -1)
    else:
        X = read_idx(os.path.join(base, spec['images']))
        y = read_idx(os.path.join(base, spec['labels'])).reshape(-1).astype(int)
    if spec.get('limit'):  # 0 means all (docs/config.md)
        X, y = X[:spec['limit']], y[:spec['limit']]
    T = np.array([encode(c, outputs) for c in y]).reshape(len(y), outputs)
    return X, T, y


def encode(label, outputs):
    """A class label as a target: one-hot, or for one output the label itself (0 or 1)."""
    if outputs == 1:
        return np.array([float(label)])
    t = np.zeros(outputs)
    t[label] = 1
    return t


# sigmoid_cross_entropy's settings, set from the config by main(): its outputs are logits, so one
# output predicts class 1 from 0 (the probability 0.5) on; pos_weight as BCEWithLogitsLoss takes it
LOSS = {'threshold': 0.5, 'pos_weight': None}


def predicted(z):
    """The predicted class of one output vector: the first maximum, or for one output 1 when >= 0.5
    (>= 0 for sigmoid_cross_entropy's logits)."""
    if z.numel() == 1:
        return int(float(z.reshape(-1)[0]) >= LOSS['threshold'])
    return int(torch.argmax(z))


def lsum(v):
    s = 0.0
    for x in v:
        s += float(x)
    return s


def load(cfg, base, outputs):
    d = cfg['data']
    shape = d['input_shape']
    tr = source(d['train'], base, outputs)
    te = source(d['test'], base, outputs) if d.get('test') else None
    if 'split' in d:
        sp = d['split']
        frac = sp['test'] if isinstance(sp, dict) else sp
        seed = sp.get('seed', cfg.get('seed', 0)) if isinstance(sp, dict) else cfg.get('seed', 0)
        n = len(tr[0]); idx = list(range(n))
        Rng.derive(seed, 'split').shuffle(idx)
        k = math.floor(n * frac + 0.5)
        a, b = sorted(idx[:k]), sorted(idx[k:])
        te = tuple(x[a] for x in tr); tr = tuple(x[b] for x in tr)
    sc = d.get('scale')
    if sc is not None:
        if isinstance(sc, (int, float)): f0, f1, t0, t1 = 0.0, float(sc), 0.0, 1.0
        elif isinstance(sc, list): f0, f1, t0, t1 = float(sc[0]), float(sc[1]), 0.0, 1.0
        else:
            f0, f1 = map(float, sc['from']); t0, t1 = map(float, sc.get('to', [0, 1]))
        f = lambda X: (X - f0) / (f1 - f0) * (t1 - t0) + t0
        tr = (f(tr[0]),) + tr[1:]
        te = te and (f(te[0]),) + te[1:]
    nz = d.get('normalize')
    if nz is not None:
        C = shape[0] if len(shape) == 3 else 1
        per = tr[0].reshape(len(tr[0]), C, -1)
        if nz == 'train':
            mean = [lsum(per[:, c, :].reshape(-1)) / per[:, c, :].size for c in range(C)]
            std = [math.sqrt(lsum(((per[:, c, :] - mean[c]) ** 2).reshape(-1)) / per[:, c, :].size) for c in range(C)]
        else:
            mean, std = nz['mean'], nz['std']
            mean = mean if isinstance(mean, list) else [mean] * C
            std = std if isinstance(std, list) else [std] * C
        def g(X):
            P = X.reshape(len(X), C, -1).copy()
            for c in range(C):
                P[:, c, :] = (P[:, c, :] - mean[c]) / std[c]
            return P.reshape(len(X), -1)
        tr = (g(tr[0]),) + tr[1:]
        te = te and (g(te[0]),) + te[1:]
    return tr, te


# ---------------- network ----------------
def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


class Dropout(torch.nn.Module):
    def __init__(self, rate, name, seed):
        super().__init__(); self.rate, self.name, self.seed, self.step = rate, name, seed, 0

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        r = Rng.derive(self.seed, 'dropout/%s/%d' % (self.name, self.step))
        flat = x.reshape(-1)
        mask = torch.tensor([1.0 / (1 - self.rate) if r.double() >= self.rate else 0.0 for _ in range(flat.numel())])
        return (flat * mask).reshape(x.shape)


class Softmax(torch.nn.Module):
    def forward(self, x):
        return torch.softmax(x.reshape(len(x), -1), 1).reshape(x.shape)


def build(cfg):
    shape = [1] + list(cfg['data']['input_shape'])
    counts, mods, names = {}, [], []
    for s in cfg['layers']:
        t = s['type']; counts[t] = counts.get(t, 0) + 1
        name = s.get('name', '%s_%d' % (t, counts[t]))
        nn = torch.nn
        if t == 'conv2d':
            m = nn.Conv2d(shape[1], s['out_channels'], pair(s['kernel']), pair(s.get('stride', 1)), pair(s.get('padding', 0)), bias=s.get('bias') is not False)
        elif t == 'max_pool2d':
            m = nn.MaxPool2d(pair(s['kernel']), pair(s.get('stride', s['kernel'])), pair(s.get('padding', 0)))
        elif t == 'avg_pool2d':
            m = nn.AvgPool2d(pair(s['kernel']), pair(s.get('stride', s['kernel'])), pair(s.get('padding', 0)), count_include_pad=s.get('count_include_pad', True))
        elif t == 'flatten':
            m = nn.Flatten()
        elif t == 'dense':
            m = nn.Linear(int(np.prod(shape[1:])), s['units'], bias=s.get('bias') is not False)
        elif t == 'relu': m = nn.ReLU()
        elif t == 'sigmoid': m = nn.Sigmoid()
        elif t == 'tanh': m = nn.Tanh()
        elif t == 'leaky_relu': m = nn.LeakyReLU(s.get('negative_slope', 0.01))
        elif t == 'softmax': m = Softmax()
        elif t == 'dropout': m = Dropout(s.get('rate', 0.5), name, cfg.get('seed', 0))
        elif t == 'batch_norm':
            cls = nn.BatchNorm2d if len(shape) == 4 else nn.BatchNorm1d
            m = cls(shape[1], eps=s.get('epsilon', 1e-5), momentum=s.get('momentum', 0.1), affine=s.get('gamma') is not False)
        else:
            raise SystemExit('unsupported ' + t)
        m.eval()
        with torch.no_grad():
            shape = list(m(torch.zeros(shape)).shape)
        m.train()
        mods.append(m); names.append(name)
    return mods, names, shape[1:]


def param_map(mods, names):
    """(layer, param) -> (tensor, transpose?)"""
    out = {}
    for m, n in zip(mods, names):
        if isinstance(m, torch.nn.Linear):
            out[(n, 'weight')] = (m.weight, True)
            if m.bias is not None: out[(n, 'bias')] = (m.bias, False)
        elif isinstance(m, torch.nn.Conv2d):
            out[(n, 'weight')] = (m.weight, False)
            if m.bias is not None: out[(n, 'bias')] = (m.bias, False)
        elif isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            if m.weight is not None:
                out[(n, 'gamma')] = (m.weight, False); out[(n, 'beta')] = (m.bias, False)
            out[(n, 'running_mean')] = (m.running_mean, False); out[(n, 'running_var')] = (m.running_var, False)
    return out


def read_snapshot(path):
    vals = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            vals.setdefault((r['layer'], r['param']), {})[int(r['index'])] = float(r['value'])
    return vals


def flat_of(t, tr):
    a = t.detach()
    if tr: a = a.t()
    return a.reshape(-1)


def load_weights(pm, snap):
    assert set(snap) == set(pm), (set(snap) ^ set(pm))
    with torch.no_grad():
        for k, (t, tr) in pm.items():
            v = snap[k]
            assert sorted(v) == list(range(len(v)))
            a = torch.tensor([v[i] for i in range(len(v))])
            if tr:
                t.copy_(a.reshape(t.shape[1], t.shape[0]).t())
            else:
                t.copy_(a.reshape(t.shape))


# ---------------- losses (per sample) ----------------
def xlogy(t, p):
    """t*log(p), 0 where t == 0 -- its gradient too: log only ever sees p where t != 0 (1 elsewhere),
    so an output that underflowed to 0 with coefficient 0 gives neither a NaN loss (0*log 0) nor a
    NaN gradient (torch.where passes 0 * (1/0) back through log otherwise)."""
    used = t != 0
    return torch.where(used, t * torch.log(torch.where(used, p, torch.ones_like(p))), torch.zeros_like(p))


def per_sample_loss(kind, out, T):
    z = out.reshape(len(out), -1)
    if kind == 'softmax_cross_entropy':
        # a zero target's term is 0 even where log_softmax is -inf (docs/config.md): not 0*-inf = NaN
        ls = torch.log_softmax(z, 1)
        return -torch.where(T != 0, T * ls, torch.zeros_like(ls)).sum(1)
    if kind == 'cross_entropy':
        return -xlogy(T, z).sum(1)
    if kind == 'binary_cross_entropy':
        return -(xlogy(T, z) + xlogy(1 - T, 1 - z)).sum(1)
    if kind == 'sigmoid_cross_entropy':   # BCEWithLogitsLoss, summed over the outputs
        return torch.nn.functional.binary_cross_entropy_with_logits(z, T, pos_weight=LOSS['pos_weight'],
                                                                    reduction='none').sum(1)
    if kind == 'mse':
        return ((z - T) ** 2).mean(1)
    raise SystemExit('loss ' + kind)


def lr_for(opt, base, epoch, epochs):
    sch = opt.get('schedule', 'constant')
    if isinstance(sch, str): sch = {'type': sch}
    e = epoch - 1
    t = sch['type']
    if t == 'constant': return base
    if t == 'step': return base * sch.get('gamma', 0.1) ** (e // sch.get('step_size', 1))
    if t == 'exponential': return base * sch['gamma'] ** e
    if t == 'cosine':
        T = sch.get('period', epochs); mn = sch.get('min_rate', 0.0)
        return mn + (base - mn) * (1 + math.cos(math.pi * e / T)) / 2
    raise SystemExit('schedule ' + t)


def rel(a, b):
    """Never NaN (max() would pass over it): 0 for the same infinity or two NaNs, inf when only one
    side is NaN or infinite."""
    if a == b or math.isnan(a) and math.isnan(b):
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    return abs(a - b) / max(1.0, abs(a), abs(b))


def read_rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('config')
    ap.add_argument('run')
    ap.add_argument('--write')
    ap.add_argument('--rtol', type=float, default=1e-9)
    args = ap.parse_args()
    cfgp, run = args.config, args.run
    written = {'loss': [], 'epochs': []}
    cfg = yaml.safe_load(open(cfgp))
    base = os.path.dirname(os.path.abspath(cfgp))
    mods, names, outshape = build(cfg)
    outputs = int(np.prod(outshape))
    net = torch.nn.Sequential(*mods)
    pm = param_map(mods, names)
    load_weights(pm, read_snapshot(os.path.join(run, 'weights', 'epoch-0000.csv')))
    (Xtr, Ttr, Ltr), te = load(cfg, base, outputs)
    inshape = cfg['data']['input_shape']
    oc = cfg['optimizer']
    oc = {'type': oc} if isinstance(oc, str) else oc
    trainables = [p for (k, (p, tr)) in pm.items() if k[1] not in ('running_mean', 'running_var')]
    base_lr = oc['learning_rate']
    if oc['type'] == 'sgd':
        opt = torch.optim.SGD(trainables, lr=base_lr, momentum=oc.get('momentum', 0.0), nesterov=oc.get('nesterov', False), weight_decay=oc.get('weight_decay', 0.0))
    elif oc['type'] == 'adamw':
        opt = torch.optim.AdamW(trainables, lr=base_lr, betas=(oc.get('beta1', 0.9), oc.get('beta2', 0.999)), eps=oc.get('epsilon', 1e-8), weight_decay=oc.get('weight_decay', 0.01), amsgrad=oc.get('amsgrad', False))
    elif oc['type'] == 'rmsprop':
        opt = torch.optim.RMSprop(trainables, lr=base_lr, alpha=oc.get('alpha', 0.99), eps=oc.get('epsilon', 1e-8), momentum=oc.get('momentum', 0.0), centered=oc.get('centered', False), weight_decay=oc.get('weight_decay', 0.0))
    else:
        opt = torch.optim.Adam(trainables, lr=base_lr, betas=(oc.get('beta1', 0.9), oc.get('beta2', 0.999)), eps=oc.get('epsilon', 1e-8), weight_decay=oc.get('weight_decay', 0.0))
    clip_value, clip_norm = oc.get('clip_grad_value'), oc.get('clip_grad_norm')
    lossk = cfg['loss'] if isinstance(cfg['loss'], str) else cfg['loss']['type']
    if lossk == 'sigmoid_cross_entropy':
        LOSS['threshold'] = 0.0
        pw = None if isinstance(cfg['loss'], str) else cfg['loss'].get('pos_weight')
        LOSS['pos_weight'] = None if pw is None else torch.tensor(pw if isinstance(pw, list) else [pw], dtype=torch.float64)
    epochs, B = cfg['epochs'], cfg.get('batch_size', 1)
    n = len(Xtr)
    loss_rows = read_rows(os.path.join(run, 'loss.csv'))
    ep_rows = read_rows(os.path.join(run, 'epochs.csv'))
    trace = {}
    stopped = run_status(run)
    if os.path.exists(os.path.join(run, 'trace.csv')):
        for r in read_rows(os.path.join(run, 'trace.csv')):
            trace.setdefault(int(r['step']), []).append(r)
    worst = {'loss': 0, 'lr': 0, 'epoch_metrics': 0, 'weights': 0, 'trace': 0}
    step = 0
    ri = 0
    dropouts = [m for m in mods if isinstance(m, Dropout)]
    for epoch in range(1, epochs + 1):
        order = list(range(n))
        if cfg.get('shuffle', False):
            Rng.derive(cfg.get('seed', 0), 'shuffle/epoch-%d' % epoch).shuffle(order)
        lr = lr_for(oc, base_lr, epoch, epochs)
        for g in opt.param_groups: g['lr'] = lr
        net.train()
        lsum_, correct = 0.0, 0
        for s0 in range(0, n, B):
            idx = order[s0:s0 + B]
            step += 1
            for d in dropouts: d.step = step
            x = torch.tensor(Xtr[idx]).reshape([len(idx)] + inshape)
            T = torch.tensor(Ttr[idx])
            traced = step in trace
            acts = []
            h = x
            if traced:
                x.requires_grad_(True)
                # batch norm's running statistics move in the forward pass: keep them as they were
                buffers_before = {k: flat_of(p, tr).clone() for k, (p, tr) in pm.items()
                                  if k[1] in ('running_mean', 'running_var')}
            for m in mods:
                h = m(h)
                if traced: h.retain_grad()
                acts.append(h)
            ls = per_sample_loss(lossk, h, T)
            L = ls.mean()
            if ri == len(loss_rows) and stopped is not None:
                finish_stopped(stopped, step, L, opt, trainables, cfgp, worst)
            row = loss_rows[ri]; ri += 1
            assert int(row['step']) == step and int(row['epoch']) == epoch, row
            assert int(row['sample']) == idx[0] + 1, (row, idx[0] + 1)
            assert int(row['batch_size']) == len(idx)
            worst['loss'] = max(worst['loss'], rel(float(row['loss']), L.item()))
            written['loss'].append((epoch, step, idx[0] + 1, L.item(), len(idx), lr))
            worst['lr'] = max(worst['lr'], rel(float(row['learning_rate']), lr))
            for v in ls.tolist(): lsum_ += v
            z = h.detach().reshape(len(idx), -1)
            for i, k in enumerate(idx):
                if Ltr[k] >= 0 and predicted(z[i]) == Ltr[k]: correct += 1
            before = {k: flat_of(p, tr).clone() for k, (p, tr) in pm.items()} if traced else None
            opt.zero_grad()
            L.backward()
            if traced:
                grads = {k: (flat_of(p.grad, tr).clone() if p.grad is not None else None) for k, (p, tr) in pm.items()}
            clip = {}
            if clip_value is not None:  # docs/config.md: the value clip first, then the norm clip
                torch.nn.utils.clip_grad_value_(trainables, clip_value)
            if clip_norm is not None:
                total = torch.nn.utils.clip_grad_norm_(trainables, clip_norm).item()
                clip = {'total_norm': total, 'clip_coef': min(1.0, clip_norm / (total + 1e-6))}
            if traced and (clip_value is not None or clip_norm is not None):
                clip['grads'] = {k: flat_of(p.grad, tr).clone() for k, (p, tr) in pm.items() if p.grad is not None}
            opt.step()
            if traced:
                before.update(buffers_before)
                worst['trace'] = max(worst['trace'], compare_trace(trace[step], x, acts, names, mods, ls, L, T, idx, before, grads, pm, clip))
        trl = lsum_ / n
        er = ep_rows[epoch - 1]
        tls = None
        worst['epoch_metrics'] = max(worst['epoch_metrics'], rel(float(er['train_loss']), trl))
        if er['train_accuracy']:
            worst['epoch_metrics'] = max(worst['epoch_metrics'], rel(float(er['train_accuracy']), correct / n))
        if te is not None:
            net.eval()
            with torch.no_grad():
                o = net(torch.tensor(te[0]).reshape([len(te[0])] + inshape))
                tl = per_sample_loss(lossk, o, torch.tensor(te[1]))
                tls = 0.0
                for v in tl.tolist(): tls += v
                tls /= len(te[0])
                z = o.reshape(len(o), -1)
                tc = sum(1 for i in range(len(o)) if te[2][i] >= 0 and predicted(z[i]) == te[2][i])
            worst['epoch_metrics'] = max(worst['epoch_metrics'], rel(float(er['test_loss']), tls))
            if er['test_accuracy']:
                worst['epoch_metrics'] = max(worst['epoch_metrics'], rel(float(er['test_accuracy']), tc / len(te[0])))
        written['epochs'].append((epoch, trl, tls))
        snap = os.path.join(run, 'weights', 'epoch-%04d.csv' % epoch)
        if os.path.exists(snap):
            sv = read_snapshot(snap)
            for k, (p, tr) in pm.items():
                a = flat_of(p, tr).tolist()
                for i, v in enumerate(a):
                    r_ = rel(sv[k][i], v)
                    if r_ > 1e-13 and os.environ.get('REFDBG'): print('  epoch', epoch, k, i, sv[k][i], v, '%.2e' % r_)
                    worst['weights'] = max(worst['weights'], r_)
    assert ri == len(loss_rows), (ri, len(loss_rows))
    assert len(ep_rows) == epochs
    print(os.path.basename(cfgp), ' '.join('%s=%.2e' % kv for kv in worst.items()), 'steps=%d' % step)
    if args.write:
        write(args.write, written, pm)
    sys.exit(1 if max(worst.values()) > args.rtol else 0)


def run_status(run):
    """Why the run stopped (run.yaml's status after 'stopped: '), or None when it completed."""
    try:
        st = yaml.safe_load(open(os.path.join(run, 'run.yaml'))).get('status', '')
    except (OSError, AttributeError, yaml.YAMLError):
        return None
    return st[len('stopped: '):] if isinstance(st, str) and st.startswith('stopped: ') else None


def finish_stopped(why, step, L, opt, trainables, cfgp, worst):
    """nnpipe stopped (exit 3) before writing step `step`: PyTorch must go non-finite in the same
    step -- its loss, a gradient, or a parameter after the update. Prints the comparison so far and
    exits 0 when it does, 1 when PyTorch's step is finite."""
    where = None
    if not math.isfinite(L.item()):
        where = 'loss %r' % L.item()
    else:
        opt.zero_grad()
        L.backward()
        if any(p.grad is not None and not torch.isfinite(p.grad).all() for p in trainables):
            where = 'a gradient'
        else:
            opt.step()
            if any(not torch.isfinite(p).all() for p in trainables):
                where = 'a parameter after the update'
    print(os.path.basename(cfgp), ' '.join('%s=%.2e' % kv for kv in worst.items()), 'steps=%d' % (step - 1),
          'stopped at step %d: %s' % (step, 'PyTorch too (%s)' % where if where else 'PyTorch did NOT (finite loss %r)' % L.item()))
    print('  nnpipe:', why)
    sys.exit(1 if where is None or max(worst.values()) > 1e-9 else 0)


def write(prefix, written, pm):
    """PyTorch's numbers, for a JUnit test: step losses, epoch losses, the last weights."""
    with open(prefix + '.torch-loss.csv', 'w') as f:
        f.write('epoch,step,sample,loss,batch_size,learning_rate\n')
        for r in written['loss']:
            f.write('%d,%d,%d,%r,%d,%r\n' % r)
    with open(prefix + '.torch-epochs.csv', 'w') as f:
        f.write('epoch,train_loss,test_loss\n')
        for e, trl, tls in written['epochs']:
            f.write('%d,%r,%s\n' % (e, trl, '' if tls is None else repr(tls)))
    with open(prefix + '.torch-weights.csv', 'w') as f:
        f.write('layer,param,index,value\n')
        for (layer, param), (p, tr) in pm.items():
            for i, v in enumerate(flat_of(p, tr).tolist()):
                f.write('%s,%s,%d,%r\n' % (layer, param, i, v))


def compare_trace(rows, x, acts, names, mods, ls, L, T, idx, before, grads, pm, clip):
    """Compares one traced step with autograd's intermediate values."""
    n = len(idx)
    got = {}
    for r in rows:
        key = (r['phase'], r['layer'], r['tensor'], r['sample'])
        got.setdefault(key, {})[int(r['index'])] = float(r['value'])
    exp = {}
    def per_sample(phase, layer, tensor, t):
        t = t.detach().reshape(n, -1)
        for i in range(n):
            exp[(phase, layer, tensor, str(idx[i] + 1))] = t[i].tolist()
    per_sample('forward', 'input', 'input', x)
    for a, nm in zip(acts, names):
        per_sample('forward', nm, 'output', a)
        per_sample('backward', nm, 'grad_output', a.grad)
    per_sample('backward', names[0], 'grad_input_x', x.grad)  # only for the first; not traced
    ins = [x] + acts[:-1]
    for i, nm in enumerate(names):
        if i > 0:
            per_sample('backward', nm, 'grad_input', ins[i].grad)
    for k, (p, tr) in pm.items():
        if grads.get(k) is not None and k[1] not in ('running_mean', 'running_var'):
            exp[('backward', k[0], k[1] + '.grad', '')] = grads[k].tolist()
            exp[('update', k[0], k[1] + '.before', '')] = before[k].tolist()
            exp[('update', k[0], k[1] + '.after', '')] = flat_of(p, tr).tolist()
        elif k[1] in ('running_mean', 'running_var'):
            # moved by the step's forward pass (trace.csv lists them in the update phase)
            exp[('update', k[0], k[1] + '.before', '')] = before[k].tolist()
            exp[('update', k[0], k[1] + '.after', '')] = flat_of(p, tr).tolist()
    for k, g in clip.get('grads', {}).items():
        exp[('update', k[0], k[1] + '.grad_clipped', '')] = g.tolist()
    for name in ('total_norm', 'clip_coef'):
        if name in clip:
            exp[('update', 'clip_grad_norm', name, '')] = [clip[name]]
    worst = 0.0
    missing = []
    for key, vals in exp.items():
        if key[2] == 'grad_input_x':
            continue
        if key not in got:
            missing.append(key)
            continue
        g = got[key]
        assert len(g) == len(vals), (key, len(g), len(vals))
        kw = 0
        for i, v in enumerate(vals):
            kw = max(kw, rel(g[i], v))
        if kw > 1e-12 and os.environ.get('REFDBG'): print('  trace diff', key, '%.2e' % kw)
        worst = max(worst, kw)
    extra = [k for k in got if k not in exp and k[2] not in ('local_grad', 'target', 'loss', 'mean_loss')]
    if missing: print('  trace: not in trace.csv:', sorted(set((k[0], k[1], k[2]) for k in missing)))
    if extra: print('  trace: not compared:', sorted(set((k[0], k[1], k[2]) for k in extra)))
    # loss phase
    lossname = [k for k in got if k[0] == 'loss'][0][1]
    for i in range(n):
        worst = max(worst, rel(got[('loss', lossname, 'loss', str(idx[i] + 1))][0], ls[i].item()))
        tt = T[i].tolist()
        for j, v in enumerate(tt):
            worst = max(worst, rel(got[('loss', lossname, 'target', str(idx[i] + 1))][j], v))
    worst = max(worst, rel(got[('loss', lossname, 'mean_loss', '')][0], L.item()))
    return worst


if __name__ == '__main__':
    main()

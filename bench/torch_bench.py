#!/usr/bin/python3
"""The PyTorch side of bench/run.sh: the same networks as bench/configs/*.yaml and
configs/doc-example-exact.yaml, trained the same way on synthetic data of the same shapes.

  torch_bench.py throughput WORKLOAD DTYPE THREADS [--samples N] [--epochs E] [--warmup W]
      WORKLOAD: seed | lenet5 | mlp; DTYPE: fp64 | fp32. Prints one key=value line.
  torch_bench.py seed-run OUTDIR
      The whole seed example as a process: 100 epochs of the two 4x4 images, batch 1, writing
      loss.csv, epochs.csv and a weight snapshot per epoch, as `pipeline.jar configs/doc-example.yaml` does.
  torch_bench.py matmul THREADS N
      fp64 and fp32 N x N matrix multiply GFLOP/s (torch.mm, i.e. OpenBLAS).

Thread counts are set explicitly (torch.set_num_threads); the caller sets OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS (see /work/shared/PERF-NOTES.md: PyTorch defaults to 1 thread here).
"""
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

O_IMAGE = [[1, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1], [1, 1, 1, 1]]
X_IMAGE = [[1, 0, 0, 1], [0, 1, 1, 0], [0, 1, 1, 0], [1, 0, 0, 1]]


def seed_net(dtype):
    """configs/doc-example(-exact).yaml: conv 2x2/2 (2 filters), max pool 2, dense 2-2 relu, dense 2-2, softmax."""
    conv = nn.Conv2d(1, 2, 2, stride=2)
    h = nn.Linear(2, 2)
    o = nn.Linear(2, 2)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor([[[[1, 1], [1, -1]]], [[[1, -1], [1, -1]]]], dtype=torch.float64))
        conv.bias.copy_(torch.tensor([-2.0, 0.0]))
        h.weight.copy_(torch.tensor([[0.5, -0.5], [-0.1, 0.1]]).t())  # the config's [inputs][units]
        h.bias.copy_(torch.tensor([0.3, 0.3]))
        o.weight.copy_(torch.tensor([[0.5, 0.3], [0.3, 0.5]]).t())
        o.bias.copy_(torch.tensor([0.5, 0.1]))
    net = nn.Sequential(conv, nn.MaxPool2d(2), nn.Flatten(), h, nn.ReLU(), o, nn.Softmax(dim=1))
    return net.to(dtype)


def bce_sum(p, t):
    """The seed example's loss: binary cross-entropy summed over the outputs, mean over the batch."""
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).sum(dim=1).mean()


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def seed_data(dtype):
    x = torch.tensor([[O_IMAGE], [X_IMAGE]], dtype=dtype)
    t = torch.tensor([[1, 0], [0, 1]], dtype=dtype)
    return x, t


def throughput(workload, dtype_name, threads, samples, epochs, warmup):
    dtype = torch.float64 if dtype_name == "fp64" else torch.float32
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    if workload == "seed":
        net = seed_net(dtype)
        x, t = seed_data(dtype)
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        batches = [(x[i:i + 1], t[i:i + 1]) for i in range(2)]
        lossf = lambda out, tgt: bce_sum(out, tgt)
        per_epoch = samples // 2  # epochs of the two images, batch 1
        batch = 1
    else:
        net = (lenet5() if workload == "lenet5" else mlp()).to(dtype)
        batch = 64
        g = torch.Generator().manual_seed(1)
        xs = (torch.randint(0, 256, (samples, 1, 28, 28), generator=g).to(dtype) / 255.0)
        ys = torch.randint(0, 10, (samples,), generator=g)
        opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
        lossf = F.cross_entropy
        per_epoch = 1
    times = []
    for epoch in range(epochs):
        start = time.perf_counter()
        if workload == "seed":
            for _ in range(per_epoch):
                for xb, tb in batches:
                    opt.zero_grad()
                    loss = lossf(net(xb), tb)
                    loss.backward()
                    opt.step()
                    loss.item()
            steps = per_epoch * 2
        else:
            perm = torch.randperm(samples, generator=g)
            steps = 0
            for i in range(0, samples, batch):
                idx = perm[i:i + batch]
                opt.zero_grad()
                loss = lossf(net(xs[idx]), ys[idx])
                loss.backward()
                opt.step()
                loss.item()
                steps += 1
        times.append((time.perf_counter() - start, steps))
    counted = times[warmup:]
    seconds = sum(s for s, _ in counted)
    steps = sum(n for _, n in counted)
    done = steps * batch
    print("workload=%s dtype=%s threads=%d batch=%d samples_per_s=%.1f steps_per_s=%.1f seconds=%.3f peak_rss_mib=%.1f"
          % (workload, dtype_name, threads, batch, done / seconds, steps / seconds, seconds, peak_rss_mib()))


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def seed_run(out):
    """The whole seed example as one process, writing what the pipeline writes (but the trace)."""
    torch.set_num_threads(1)
    dtype = torch.float64
    net = seed_net(dtype)
    x, t = seed_data(dtype)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    os.makedirs(os.path.join(out, "weights"), exist_ok=True)

    def snapshot(epoch):
        with open(os.path.join(out, "weights", "epoch-%04d.csv" % epoch), "w") as f:
            f.write("layer,param,index,value\n")
            for name, p in net.named_parameters():
                for i, v in enumerate(p.detach().flatten().tolist()):
                    f.write("%s,%s,%d,%r\n" % (name.split(".")[0], name.split(".")[1], i, v))

    snapshot(0)
    step = 0
    with open(os.path.join(out, "loss.csv"), "w") as lf, open(os.path.join(out, "epochs.csv"), "w") as ef:
        lf.write("epoch,step,sample,loss,batch_size,learning_rate\n")
        ef.write("epoch,train_loss,train_accuracy,test_loss,test_accuracy\n")
        for epoch in range(1, 101):
            total = 0.0
            correct = 0
            for i in range(2):
                step += 1
                opt.zero_grad()
                out_p = net(x[i:i + 1])
                loss = bce_sum(out_p, t[i:i + 1])
                loss.backward()
                opt.step()
                value = loss.item()
                total += value
                correct += int(out_p.argmax().item() == i)
                lf.write("%d,%d,%d,%r,1,0.1\n" % (epoch, step, i + 1, value))
            ef.write("%d,%r,%r,,\n" % (epoch, total / 2, correct / 2))
            snapshot(epoch)


def matmul(threads, n):
    torch.set_num_threads(threads)
    for dtype, name in ((torch.float64, "fp64"), (torch.float32, "fp32")):
        a = torch.rand(n, n, dtype=dtype)
        b = torch.rand(n, n, dtype=dtype)
        torch.mm(a, b)
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            torch.mm(a, b)
            best = min(best, time.perf_counter() - start)
        print("matmul=%s threads=%d n=%d gflops=%.1f" % (name, threads, n, 2.0 * n ** 3 / best / 1e9))


def main(argv):
    if argv[0] == "throughput":
        opts = {"--samples": 4096, "--epochs": 4, "--warmup": 1}
        rest = argv[4:]
        for i in range(0, len(rest), 2):
            opts[rest[i]] = int(rest[i + 1])
        throughput(argv[1], argv[2], int(argv[3]), opts["--samples"], opts["--epochs"], opts["--warmup"])
    elif argv[0] == "seed-run":
        seed_run(argv[1])
    elif argv[0] == "matmul":
        matmul(int(argv[1]), int(argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

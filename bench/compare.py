#!/usr/bin/python3
"""Runs every benchmark of bench/run.sh, nnpipe and PyTorch interleaved, and prints medians.

Each measurement is repeated (--repeat, default 3), the two tools alternating, so a busy machine
slows both alike; ratios are of medians from this one run. Thread counts are explicit on both
sides: nnpipe --threads N; PyTorch torch.set_num_threads(N) with OMP_NUM_THREADS=N and, for the
BLAS, the better of OPENBLAS_NUM_THREADS=1 and =N (two nested pools are slower, PERF-NOTES).
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

JAR = "target/pipeline.jar"
BENCH = "bench/jmh/target/benchmarks.jar"
PY = "/usr/bin/python3"


def kv(text):
    line = [l for l in text.splitlines() if "=" in l][-1]
    return {k: v for k, v in (p.split("=", 1) for p in line.split())}


def run(cmd, env=None):
    e = dict(os.environ)
    e.update(env or {})
    out = subprocess.run(cmd, capture_output=True, text=True, env=e)
    if out.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(cmd), out.stdout, out.stderr))
    return out.stdout


# Throughput runs: two warm-up epochs, then two counted ones, on both sides. One warm-up epoch
# (128 LeNet-5 steps) left the JIT still compiling during the counted epochs, on the same two
# cores the two training threads need: LeNet-5 on 2 threads, 4 alternating runs, 12,660-14,440
# samples/s after one warm-up epoch against 14,600-15,470 after two (docs/benchmarks.md).
EPOCHS, WARMUP = 4, 2


def nnpipe(config, threads, samples=None, epochs=EPOCHS, warmup=WARMUP):
    cmd = ["java", "-cp", BENCH, "io.nnpipe.bench.TrainBench", config, "--threads", str(threads),
           "--epochs", str(epochs), "--warmup", str(warmup)]
    if samples:
        cmd += ["--samples", str(samples)]
    return kv(run(cmd))


def torch(workload, dtype, threads, samples, epochs=EPOCHS, warmup=WARMUP):
    best = None
    for blas in sorted({1, threads}):
        env = {"OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(blas), "MKL_NUM_THREADS": str(blas)}
        r = kv(run([PY, "bench/torch_bench.py", "throughput", workload, dtype, str(threads), "--samples", str(samples),
                    "--epochs", str(epochs), "--warmup", str(warmup)], env))
        r["blas_threads"] = str(blas)
        if best is None or float(r["samples_per_s"]) > float(best["samples_per_s"]):
            best = r
    return best


def wall(cmd, env=None):
    e = dict(os.environ)
    e.update(env or {})
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=e)
    return time.perf_counter() - start


def med(values):
    return statistics.median(values)


def paired(ours, theirs):
    """Median over rounds of each round's own ratio: the two sides of a round ran minutes apart,
    so a round disturbed by other work on the machine moves both, and this ratio less."""
    return med([a / b for a, b in zip(ours, theirs)])


def row(results, name, ours, theirs, note=""):
    a, b = results[ours], results[theirs]
    print("| %-44s | %12.1f | %12.1f | %6.2f | %6.2f | %s" % (name, med(a), med(b), med(a) / med(b), paired(a, b), note))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="fewer samples (a smoke test, not a measurement)")
    ap.add_argument("--scale", type=int, default=1, help="divide every workload's size by this (a busy machine)")
    a = ap.parse_args()
    q = 8 if a.quick else a.scale
    lenet_n, mlp_n, seed_epochs = 8192 // q, 16384 // q, 100000 // q
    load = open("/proc/loadavg").read().split()[:3]
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    tv = run([PY, "-c", "import torch; print(torch.__version__)"]).strip()
    print("machine: %s, %d cores; load %s; %s; PyTorch %s; %s" % (cpu.group(1) if cpu else platform.processor(),
          os.cpu_count(), " ".join(load), java, tv, time.strftime("%Y-%m-%d %H:%M")))
    results = {}

    def add(key, value):
        results.setdefault(key, []).append(value)

    for rep in range(a.repeat):
        print("round %d/%d ..." % (rep + 1, a.repeat), file=sys.stderr)
        # Seed network: steps/s, batch 1, one thread.
        add("seed nnpipe", float(nnpipe("configs/doc-example-exact.yaml", 1, epochs=seed_epochs,
                                         warmup=seed_epochs // 4)["steps_per_s"]))
        add("seed torch fp64", float(torch("seed", "fp64", 1, 2000 // q)["steps_per_s"]))
        add("seed torch fp32", float(torch("seed", "fp32", 1, 2000 // q)["steps_per_s"]))
        for t in (1, 2):
            r = nnpipe("bench/configs/lenet5.yaml", t, lenet_n)
            add("lenet5 nnpipe %d" % t, float(r["samples_per_s"]))
            add("lenet5 nnpipe rss %d" % t, float(r["peak_rss_mib"]))
            for dt in ("fp64", "fp32"):
                r = torch("lenet5", dt, t, lenet_n)
                add("lenet5 torch %s %d" % (dt, t), float(r["samples_per_s"]))
                add("lenet5 torch rss %s %d" % (dt, t), float(r["peak_rss_mib"]))
            r = nnpipe("bench/configs/mlp.yaml", t, mlp_n)
            add("mlp nnpipe %d" % t, float(r["samples_per_s"]))
            add("mlp nnpipe rss %d" % t, float(r["peak_rss_mib"]))
            for dt in ("fp64", "fp32"):
                r = torch("mlp", dt, t, mlp_n)
                add("mlp torch %s %d" % (dt, t), float(r["samples_per_s"]))
                add("mlp torch rss %s %d" % (dt, t), float(r["peak_rss_mib"]))
        # Scaling, 2 threads / 1 thread: in the rows above the two runs are minutes apart, and a
        # shared host's load drifts over minutes (the sixth session saw 1.44 there against 1.83
        # measured alone). Here they run back to back in the order 1, 2, 2, 1, so a drift over
        # the block moves both sides alike.
        abba = [float(nnpipe("bench/configs/lenet5.yaml", t, lenet_n)["samples_per_s"]) for t in (1, 2, 2, 1)]
        add("scaling lenet5 1", (abba[0] + abba[3]) / 2)
        add("scaling lenet5 2", (abba[1] + abba[2]) / 2)
        # Whole process: the seed example as users run it, against the same in a PyTorch script.
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(3):
                add("start nnpipe", wall(["java", "-jar", JAR, "configs/doc-example.yaml", "-o", tmp + "/n"]))
                # the same without the chart and report.html (--no-report): what the charts cost
                add("start nnpipe no-report", wall(["java", "-jar", JAR, "configs/doc-example.yaml", "-o", tmp + "/r",
                                                    "--no-report"]))
                add("start torch", wall([PY, "bench/torch_bench.py", "seed-run", tmp + "/t"],
                                        {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}))
        # Matrix multiply, one core, fp64 (JMH for nnpipe's Gemm; torch.mm = OpenBLAS dgemm).
        for n in (512, 1024):
            out = run(["java", "-jar", BENCH, "GemmBenchmark.mulAdd$", "-p", "shape=%dx%dx%d" % (n, n, n),
                       "-f", "1", "-wi", "2", "-i", "5", "-w", "1s", "-r", "1s", "-tu", "us"] if not a.quick else
                      ["java", "-jar", BENCH, "GemmBenchmark.mulAdd$", "-p", "shape=%dx%dx%d" % (n, n, n),
                       "-f", "1", "-wi", "1", "-i", "1", "-w", "1s", "-r", "1s", "-tu", "us"])
            # The fastest measured iteration, as the PyTorch side takes its fastest of five.
            us = min(float(x) for x in re.findall(r"^Iteration\s+\d+:\s+([\d.]+) us/op", out, re.M))
            add("gemm nnpipe %d" % n, 2.0 * n ** 3 / us / 1e3)
            t = run([PY, "bench/torch_bench.py", "matmul", "1", str(n)], {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
            add("gemm torch %d" % n, float(re.search(r"matmul=fp64 .* gflops=([\d.]+)", t).group(1)))

    m = {k: med(v) for k, v in results.items()}
    print()
    print("Medians of %d rounds (load at start %s)." % (a.repeat, " ".join(load)))
    print("ratio: of the medians; paired: the median of each round's own ratio.")
    print("| %-44s | %12s | %12s | %6s | %6s |" % ("benchmark", "nnpipe", "PyTorch", "ratio", "paired"))
    print("|%s|%s|%s|%s|%s|" % ("-" * 46, "-" * 14, "-" * 14, "-" * 8, "-" * 8))
    row(results, "seed network, steps/s (1 thread) vs fp64", "seed nnpipe", "seed torch fp64", "target >= 100")
    row(results, "seed network, steps/s (1 thread) vs fp32", "seed nnpipe", "seed torch fp32")
    for t in (1, 2):
        row(results, "LeNet-5, samples/s, %d thread(s) vs fp64" % t, "lenet5 nnpipe %d" % t, "lenet5 torch fp64 %d" % t,
            "target >= 1")
        row(results, "LeNet-5, samples/s, %d thread(s) vs fp32" % t, "lenet5 nnpipe %d" % t, "lenet5 torch fp32 %d" % t)
        row(results, "MLP 784-256-10, samples/s, %d thread(s) vs fp64" % t, "mlp nnpipe %d" % t, "mlp torch fp64 %d" % t,
            "target >= 1")
        row(results, "MLP 784-256-10, samples/s, %d thread(s) vs fp32" % t, "mlp nnpipe %d" % t, "mlp torch fp32 %d" % t)
    for n in (512, 1024):
        row(results, "fp64 matrix multiply %d^3, GFLOP/s, 1 core" % n, "gemm nnpipe %d" % n, "gemm torch %d" % n,
            "target >= 0.5")
    row(results, "seed example whole process, seconds", "start nnpipe", "start torch", "target <= 0.33")
    row(results, "  the same with --no-report (no charts)", "start nnpipe no-report", "start torch")
    print("| %-44s | %12.2f | %12s | %6s | %6.2f | %s" % ("LeNet-5 2 threads / 1 thread (nnpipe), 1-2-2-1",
          m["scaling lenet5 2"] / m["scaling lenet5 1"], "", "",
          paired(results["scaling lenet5 2"], results["scaling lenet5 1"]), "target >= 1.7"))
    print("| %-44s | %12.2f | %12s | %6s | %6.2f | %s" % ("  the same from the rows above (minutes apart)",
          m["lenet5 nnpipe 2"] / m["lenet5 nnpipe 1"], "", "",
          paired(results["lenet5 nnpipe 2"], results["lenet5 nnpipe 1"]), ""))
    print("| %-44s | %12s | %12.2f | %6s | %6.2f |" % ("PyTorch fp64 LeNet-5 2 threads / 1 thread", "",
          m["lenet5 torch fp64 2"] / m["lenet5 torch fp64 1"], "",
          paired(results["lenet5 torch fp64 2"], results["lenet5 torch fp64 1"])))
    print()
    print("Every round, in order (a shared machine: a disturbed round shows here, not in the medians):")
    for key in sorted(k for k in results if "rss" not in k):
        print("  %-28s %s" % (key, " / ".join(("%.0f" if v >= 100 else "%.2f") % v for v in results[key])))
    print("  %-28s %s" % ("scaling 2t/1t (1-2-2-1)", " / ".join(
        "%.2f" % (b / a) for a, b in zip(results["scaling lenet5 1"], results["scaling lenet5 2"]))))
    if len(results["lenet5 nnpipe 1"]) > 1:
        print("  %-28s %s" % ("lenet5 nnpipe 2t/1t", " / ".join(
            "%.2f" % (b / a) for a, b in zip(results["lenet5 nnpipe 1"], results["lenet5 nnpipe 2"]))))
    print()
    print("Peak RSS (MiB): nnpipe LeNet-5 %.0f (1 thread) / %.0f (2), MLP %.0f / %.0f; PyTorch LeNet-5 fp64 %.0f, MLP fp64 %.0f"
          % (m["lenet5 nnpipe rss 1"], m["lenet5 nnpipe rss 2"], m["mlp nnpipe rss 1"], m["mlp nnpipe rss 2"],
             m["lenet5 torch rss fp64 1"], m["mlp torch rss fp64 1"]))
    r = nnpipe("bench/configs/lenet5.yaml", 2, 60000 // q, epochs=1, warmup=0)
    print("LeNet-5 on %d MNIST-sized images (1 epoch, 2 threads): %s samples/s, peak RSS %s MiB (target <= 512)"
          % (60000 // q, r["samples_per_s"], r["peak_rss_mib"]))


if __name__ == "__main__":
    main()

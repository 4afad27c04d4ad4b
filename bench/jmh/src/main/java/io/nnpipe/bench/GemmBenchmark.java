package io.nnpipe.bench;

import io.nnpipe.kernel.Gemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matrix products on one thread. GFLOP/s = 2·m·n·k / (seconds per op) / 1e9; the {@code
 * shape} parameter is "m x n x k". bench/run.sh prints the GFLOP/s next to OpenBLAS's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {
    /** Square products and the shapes the benchmark networks run (MLP layer, LeNet-5 convolutions). */
    @Param({"512x512x512", "64x256x784", "784x256x64", "6x576x25", "16x64x150"})
    public String shape;

    int m;
    int n;
    int k;
    double[] a;
    double[] b;
    double[] c;

    @Setup
    public void setUp() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        SplittableRandom r = new SplittableRandom(1);
        a = r.doubles(m * k, -1, 1).toArray();
        b = r.doubles(k * n, -1, 1).toArray();
        c = new double[m * n];
    }

    @Benchmark
    public double[] mulAdd() {
        Gemm.mulAdd(m, n, k, a, 0, b, 0, c, 0);
        return c;
    }

    @Benchmark
    public double[] mulAddTransA() {
        Gemm.mulAddTransA(m, n, k, a, 0, b, 0, c, 0);
        return c;
    }

    @Benchmark
    public double[] mulAddTransB() {
        Gemm.mulAddTransB(m, n, k, a, 0, b, 0, c, 0);
        return c;
    }
}

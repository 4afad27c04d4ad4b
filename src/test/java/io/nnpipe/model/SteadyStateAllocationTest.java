package io.nnpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.layer.Pass;
import io.nnpipe.loss.LossIO;
import io.nnpipe.optim.Optimizer;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.testing.Layers;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A training step in a steady state (forward, loss, backward, optimizer update) allocates
 * nothing, on one thread and on a pool: buffers and scratch are sized once. Measured with
 * HotSpot's per-thread allocation counter over the calling thread and the pool's workers, once
 * the step is compiled.
 */
class SteadyStateAllocationTest {
    private static final String CNN = """
            seed: 2
            epochs: 1
            batch_size: 4
            data:
              input_shape: [1, 12, 12]
              train:
                - {label: 0, input: [%s]}
            layers:
              - {type: conv2d, out_channels: 4, kernel: 3, padding: 1}
              - {type: relu}
              - {type: max_pool2d, kernel: 2}
              - {type: conv2d, out_channels: 8, kernel: 3}
              - {type: sigmoid}
              - {type: flatten}
              - {type: dense, units: 300}
              - {type: relu}
              - {type: dense, units: 3}
            loss: softmax_cross_entropy
            optimizer: {type: adam, learning_rate: 0.01, clip_grad_norm: 0.5, clip_grad_value: 1}
            """;

    /** The calling thread and the pool's workers (found before measuring: finding them allocates). */
    private static long[] threadIds() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(Thread.currentThread()),
                Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("nnpipe-worker")))
                .mapToLong(Thread::getId).toArray();
    }

    private static long allocatedBytes(com.sun.management.ThreadMXBean mx, long[] ids) {
        long total = 0;
        for (long id : ids) {
            total += mx.getThreadAllocatedBytes(id);
        }
        return total;
    }

    private static long bytesPerStep(Parallel parallel) {
        Diagnostics d = new Diagnostics();
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(Layers.yaml(String.format(CNN, "0, ".repeat(143) + "0")), "t", d);
        d.throwIfErrors();
        Network net = p.network();
        int n = 4;
        net.prepare(n);
        io.nnpipe.tensor.Rng rng = new io.nnpipe.tensor.Rng(1);
        for (int i = 0; i < n * 144; i++) {
            net.input()[i] = rng.nextDouble();
        }
        double[] targets = new double[n * 3];
        for (int s = 0; s < n; s++) {
            targets[s * 3 + s % 3] = 1;
        }
        LossIO io = new LossIO(3, net.output(), targets, new double[n], net.outputGrad());
        Optimizer opt = p.optimizer().create(net.parameters());
        Pass pass = new Pass(n, true, 1, parallel);
        Runnable step = () -> {
            net.forward(pass);
            p.loss().compute(n, io);
            net.zeroGrad();
            net.backward(pass);
            opt.step(0.01);
        };
        for (int i = 0; i < 300; i++) {
            step.run();
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threadIds();
        // Rounds of 100 steps until one allocates nothing: until the JIT has compiled the step,
        // the interpreter allocates where compiled code does not (e.g. inside StrictMath.pow).
        // On a loaded machine the compile queue can lag by thousands of steps (60 rounds once
        // were not enough), so allow many rounds; a step takes tens of microseconds here.
        long bytes = -1;
        for (int round = 0; round < 1000 && bytes != 0; round++) {
            long before = allocatedBytes(mx, ids);
            for (int i = 0; i < 100; i++) {
                step.run();
            }
            bytes = (allocatedBytes(mx, ids) - before) / 100;
        }
        return bytes;
    }

    @Test
    void aTrainingStepAllocatesNothingOnOneThread() {
        assertEquals(0, bytesPerStep(Parallel.SERIAL), "bytes allocated per step");
    }

    @Test
    void aTrainingStepAllocatesNothingOnAPool() {
        try (Parallel pool = Parallel.threads(2)) {
            assertEquals(0, bytesPerStep(pool), "bytes allocated per step");
        }
    }
}

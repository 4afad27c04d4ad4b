package io.nnpipe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import io.nnpipe.testing.Layers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size of a trace, known before training: counted as the tracer writes it, and a warning for a huge one. */
class TraceSizeTest {

    @Test
    void valuesPerStepAreTheRowsOfATracedStep(@TempDir Path tmp) throws Exception {
        // conv, batch norm, element-wise, pooling, dropout, dense and softmax; a batch of 3
        Path config = Files.writeString(tmp.resolve("c.yaml"), """
                epochs: 1
                batch_size: 3
                data:
                  input_shape: [2, 4, 4]
                  train:
                """ + "    - {label: 0, input: [" + "0.5, ".repeat(31) + "1]}\n"
                + ("    - {label: 1, input: [" + "0.25, ".repeat(31) + "-1]}\n").repeat(3) + """
                layers:
                  - {type: conv2d, out_channels: 3, kernel: 3, padding: 1}
                  - {type: batch_norm}
                  - {type: leaky_relu}
                  - {type: max_pool2d, kernel: 2}
                  - {type: flatten}
                  - {type: dropout, rate: 0.25}
                  - {type: dense, units: 2}
                  - {type: softmax}
                loss: cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", "--no-report", config.toString(), "--out", out.toString(), "--trace", "1");
        assertEquals(0, r.exit(), r::toString);
        int rows = Csv.read(out.resolve("trace.csv")).rows().size();
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(config, List.of());
        assertEquals(rows, TraceSize.valuesPerStep(p.network(), 3));
        assertTrue(rows > 3 * 2 * 4 * 4 * 6, "the count is not trivially small: " + rows);
    }

    @Test
    void gradientClippingsRowsAreCountedToo(@TempDir Path tmp) throws Exception {
        // clipping adds each parameter's clipped gradient, and clip_grad_norm its total norm and factor
        Path config = Files.writeString(tmp.resolve("c.yaml"), """
                epochs: 1
                batch_size: 2
                data:
                  input_shape: [1, 4, 4]
                  train:
                """ + "    - {label: 0, input: [" + "0.5, ".repeat(15) + "1]}\n"
                + "    - {label: 1, input: [" + "0.25, ".repeat(15) + "-1]}\n" + """
                layers:
                  - {type: conv2d, out_channels: 2, kernel: 3}
                  - {type: relu}
                  - {type: flatten}
                  - {type: dense, units: 2}
                loss: softmax_cross_entropy
                optimizer: {type: adam, learning_rate: 0.01, clip_grad_norm: 0.5, clip_grad_value: 1}
                """);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", "--no-report", config.toString(), "--out", out.toString(), "--trace", "1");
        assertEquals(0, r.exit(), r::toString);
        int rows = Csv.read(out.resolve("trace.csv")).rows().size();
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(config, List.of());
        long unclipped = TraceSize.valuesPerStep(p.network(), 2);
        long clipped = TraceSize.valuesPerStep(p.network(), 2, p.optimizer().create(p.network().parameters()));
        assertEquals(rows, clipped);
        assertEquals(unclipped + (2 * 9 + 2) + (8 * 2 + 2) + 2, clipped); // conv 18 + 2, dense 16 + 2, norm and factor
    }

    @Test
    void aTraceOfMoreThanAGigabyteIsNamedBeforeTraining(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("c.yaml"), """
                epochs: 1
                data: {input_shape: [4], train: [{input: [1, 2, 3, 4], label: 0}]}
                layers: [{type: dense, units: 2}]
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(config, List.of());
        long perStep = TraceSize.valuesPerStep(p.network(), 1); // input 4, output 2 x 2, target 2, loss 1, 3 x 10 parameters, mean
        assertEquals(4 + 4 + 2 + 1 + 30 + 1, perStep);
        assertNull(TraceSize.warning(p.network(), 1, 100_000), "231 MB");
        assertEquals("the trace asks for 100000000 steps of about 42 values each: trace.csv will grow to about 231 GB;"
                + " trace fewer steps (e.g. --trace 1-10) unless you have the disk for it",
                TraceSize.warning(p.network(), 1, 100_000_000));
    }
}

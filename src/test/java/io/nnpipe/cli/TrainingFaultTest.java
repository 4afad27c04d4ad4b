package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.output.RunFolder;
import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Configs;
import io.nnpipe.testing.Csv;
import io.nnpipe.testing.Layers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults while training stop with exit 3 and a message naming epoch, step and layer, and leave valid
 * CSV behind; an output folder that cannot be written is refused before training, with exit 2.
 */
class TrainingFaultTest {
    @TempDir
    Path tmp;

    @Test
    void aDivergingRunStopsNamingEpochStepAndLayerAndItsFilesStayValid() throws IOException {
        Path config = Configs.write(tmp, "diverge.yaml", Configs.SMALL_CNN.replace("epochs: 2", "epochs: 200")
                .replace("learning_rate: 0.1", "learning_rate: 1000000"));
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", out.toString());
        assertEquals(Exit.TRAINING_FAULT, r.exit(), r.toString());
        assertEquals("error: training stopped: the loss became NaN at epoch 25, step 49 (sample 1); the first non-finite"
                + " value is in the output of layer 'dense_1' (dense): NaN at sample 1 of the batch, index 0. Try a smaller"
                + " learning rate.\nThe files in " + out + " hold everything up to the last complete step.\n", r.err());
        assertValidCsv(out.resolve("loss.csv"), 48);
        assertValidCsv(out.resolve("epochs.csv"), 24);
        for (int e = 0; e <= 24; e++) {
            assertValidCsv(out.resolve(String.format("weights/epoch-%04d.csv", e)), 16);
        }
        assertFalse(Files.exists(out.resolve("weights/epoch-0025.csv")));
    }

    @Test
    void aRunThatTheWeightDecayAloneMakesDivergeNamesTheDecayNotJustTheRate() {
        Path config = Configs.write(tmp, "decay.yaml", """
                epochs: 400
                data:
                  input_shape: [2]
                  train:
                    - {input: [1, 2], target: [0.5]}
                    - {input: [-1, 0.5], target: [-0.5]}
                layers:
                  - {type: dense, units: 3}
                  - {type: tanh}
                  - {type: dense, units: 1}
                loss: mse
                optimizer: {type: sgd, learning_rate: 0.1, weight_decay: 40, momentum: 0.5}
                """);
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(Exit.TRAINING_FAULT, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: training stopped: the loss became Infinity at epoch 167, step 334 (sample"
                + " 2); every layer's output was finite, so the loss 'mse' itself gave Infinity: sample 2's loss is"
                + " Infinity; its output 0 is 3.232535568936069e+154 for the target -0.5, a difference whose square is"
                + " too large for a double. The learning_rate × weight_decay = 0.1 × 40 = 4 is above 3 = 2·(1 +"
                + " momentum) for momentum 0.5, where sgd's weight decay alone makes the weights grow every step"
                + " whatever the gradients: make that product smaller (a smaller learning_rate or weight_decay).\n"),
                r.err());
    }

    @Test
    void aScheduleWhoseRateOverflowsIsNamedInsteadOfTheWeights() {
        Path config = Configs.write(tmp, "overflow.yaml", """
                epochs: 60
                data: {input_shape: [1], train: [{input: [1], target: [0]}]}
                layers:
                  - {type: dense, units: 1, weight: [[0]], bias: false}
                loss: mse
                optimizer: {type: sgd, learning_rate: 0.1, schedule: {type: exponential, gamma: 1000000}}
                """);
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(Exit.TRAINING_FAULT, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: training stopped: the learning-rate schedule gave the rate Infinity for epoch"
                + " 53 of 60 (base rate 0.1); a rate must be a finite number, 0 or more: choose settings that keep it finite\n"),
                r.err());
    }

    @Test
    void aLossThatIsInfiniteWithFiniteOutputsBlamesTheLoss() {
        Path config = Configs.write(tmp, "saturate.yaml", """
                epochs: 1
                data: {input_shape: [1], train: [{input: [1], label: 1}]}
                layers:
                  - {type: dense, units: 2, weight: [[1000, -1000]], bias: false}
                  - {type: softmax}
                loss: binary_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(Exit.TRAINING_FAULT, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: training stopped: the loss became Infinity at epoch 1, step 1 (sample 1);"
                + " every layer's output was finite, so the loss 'binary_cross_entropy' itself gave Infinity: sample 1's"
                + " loss is Infinity; its output 1 is exactly 0 where the target is 1, so log p = -Infinity: the final"
                + " softmax or sigmoid saturated (the loss does not clamp the log, unlike PyTorch's BCELoss;"
                + " docs/config.md)."
                + " This happened before any update, so the learning rate is not the cause: check"
                + " the scale of the inputs and of the initial weights.\n"), r.err());
    }

    @Test
    void anInputThatTheScaleMakesInfiniteIsNamedInsteadOfTheLearningRate() {
        // "Try a smaller learning rate" was the advice for a sample of 1e308 scaled by 10 (QA, fifth pass)
        Path config = Configs.write(tmp, "overflow.yaml", """
                epochs: 1
                batch_size: 2
                data:
                  input_shape: [2]
                  train: [{input: [1, 2], label: 0}, {input: [1e308, 0], label: 1}]
                  scale: {from: [0, 1], to: [0, 10]}
                layers: [{type: dense, units: 2}]
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(Exit.TRAINING_FAULT, r.exit(), r.toString());
        assertTrue(r.err().contains(" The input of sample 2 is Infinity at index 0 after the config's scale and"
                + " normalize: check that sample's values and the data's scale."), r.err());
        assertFalse(r.err().contains("learning rate"), r.err());
    }

    @Test
    void aNaNReachingAReluStopsAtTheLossNamingTheLayerWhereItStarted() {
        // dense_1 overflows to +Infinity, dense_2 makes Infinity - Infinity = NaN; ReLU passes the
        // NaN on (as PyTorch), so the loss is NaN and the first non-finite output is named. (When
        // ReLU turned NaN into 0 the run went on to a NaN gradient in dense_2 instead.)
        Path config = Configs.write(tmp, "nan-relu.yaml", """
                epochs: 1
                data: {input_shape: [2], classes: 2, train: [{input: [1, 1], label: 0}]}
                layers:
                  - {type: dense, units: 2, weight: [[1e308, 1e308], [1e308, 1e308]], bias: [0, 0]}
                  - {type: dense, units: 1, weight: [[1], [-1]], bias: [0]}
                  - {type: relu}
                  - {type: dense, units: 2, weight: [[1, 2]], bias: [0, 0]}
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(Exit.TRAINING_FAULT, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: training stopped: the loss became NaN at epoch 1, step 1 (sample 1); the"
                + " first non-finite value is in the output of layer 'dense_1' (dense): Infinity at sample 1 of the"
                + " batch, index 0."), r.err());
    }

    @Test
    void anUpdateThatOverflowsAWeightIsCaughtAtItsStep() throws IOException {
        Path config = Configs.write(tmp, "overflow.yaml", """
                epochs: 3
                data: {input_shape: [1], train: [{input: [1e151], target: [0]}]}
                layers:
                  - {type: dense, units: 1, weight: [[1]], bias: false}
                loss: mse
                optimizer: {type: sgd, learning_rate: 1000000}
                """);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", out.toString());
        assertEquals(Exit.TRAINING_FAULT, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: training stopped: the update of epoch 1, step 1 (sample 1) made weight of"
                + " layer 'dense_1' -Infinity (index 0) with learning rate 1000000."), r.err());
        assertValidCsv(out.resolve("loss.csv"), 0);
        assertValidCsv(out.resolve("weights/epoch-0000.csv"), 1);
    }

    @Test
    void anUnwritableOutputFolderIsRefusedBeforeTraining() throws IOException {
        Path config = Configs.write(tmp, "small.yaml", Configs.SMALL_CNN);
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file where the run folder's parent should be");
        Path out = blocker.resolve("run");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", out.toString());
        assertEquals(Exit.BAD_INPUT, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: cannot write the run folder " + out + ": "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(2, files.count(), "something was written");
        }
    }

    @Test
    void anInvalidConfigLeavesAnEarlierRunFolderUntouched() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("run"));
        Path old = Files.writeString(out.resolve("loss.csv"), "epoch,step,sample,loss,batch_size,learning_rate\n1,1,1,0.5,1,0.1\n");
        long modified = Files.getLastModifiedTime(old).toMillis();
        Path config = Configs.write(tmp, "bad.yaml", Configs.SMALL_CNN.replace("units: 2", "units: 0"));
        Cli.Result r = Cli.run("-q", config.toString(), "--out", out.toString());
        assertEquals(Exit.BAD_INPUT, r.exit(), r.toString());
        assertEquals("epoch,step,sample,loss,batch_size,learning_rate\n1,1,1,0.5,1,0.1\n", Files.readString(old));
        assertEquals(modified, Files.getLastModifiedTime(old).toMillis());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void anOutputFolderThatIsAFileIsRefusedByName() throws IOException {
        Path config = Configs.write(tmp, "small.yaml", Configs.SMALL_CNN);
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", file.toString());
        assertEquals(Exit.BAD_INPUT, r.exit(), r.toString());
        assertEquals("error: cannot write the run folder " + file + ": it is a file, not a folder\n", r.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void theDefaultRunFolderStaysInsideRuns() {
        assertEquals(Path.of("runs", "run"), RunFolder.defaultDir(".."));
        assertEquals(Path.of("runs", "run"), RunFolder.defaultDir(""));
        assertEquals(Path.of("runs", "hidden"), RunFolder.defaultDir(".hidden"));
        assertEquals(Path.of("runs", "a_b_c"), RunFolder.defaultDir("a/b\\c"));
        assertEquals(Path.of("runs", "doc-example"), RunFolder.defaultDir("doc-example"));
    }

    @Test
    void theRunIsNamedAfterTheConfigWithoutItsExtensionInAnyCase() {
        // b.YAML ran into runs/b.YAML while a.yml ran into runs/a (QA, second pass)
        for (String file : List.of("b.YAML", "b.Yml", "b.yaml", "b.yml")) {
            Path config = Configs.write(tmp, file, Configs.SMALL_CNN);
            assertEquals("b", new io.nnpipe.pipeline.PipelineReader(Layers.BUILTIN).read(config, List.of()).name(), file);
        }
        Path other = Configs.write(tmp, "b.yaml.txt", Configs.SMALL_CNN);
        assertEquals("b.yaml.txt", new io.nnpipe.pipeline.PipelineReader(Layers.BUILTIN).read(other, List.of()).name());
    }

    /** Whole lines only, each with the header's number of fields, and {@code rows} rows. */
    static void assertValidCsv(Path file, int rows) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 0 && bytes[bytes.length - 1] == '\n', file + " does not end with a whole line");
        assertEquals(rows, Csv.read(file).rows().size(), file.toString());
    }
}

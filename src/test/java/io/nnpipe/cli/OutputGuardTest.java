package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} and {@code evaluate} never write their CSV over a file they read (QA's fifth
 * pass: {@code predict --out} naming its {@code --input} replaced the user's samples, and {@code
 * --out} naming the snapshot replaced the weights): refused with exit 2, every input unchanged.
 */
class OutputGuardTest {
    @TempDir
    static Path tmp;
    static Path config;
    static Path data;
    static Path weights;

    @BeforeAll
    static void trainATinyNetwork() throws IOException {
        data = tmp.resolve("train.csv");
        Files.writeString(data, "a,b,label\n0,1,0\n1,0,1\n1,1,1\n0,0,0\n");
        config = tmp.resolve("tiny.yaml");
        Files.writeString(config, """
                seed: 1
                epochs: 1
                batch_size: 2
                data: {input_shape: [2], classes: 2, train: {csv: train.csv}, test: {csv: train.csv}}
                layers: [{type: dense, name: out, units: 2}]
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Cli.Result r = Cli.run("-q", "--no-report", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, r.exit(), r::toString);
        weights = tmp.resolve("run/weights/epoch-0001.csv");
    }

    @Test
    void predictRefusesToWriteOverItsInputTheSnapshotTheConfigOrItsData() throws IOException {
        Path input = tmp.resolve("new.csv");
        Files.writeString(input, "a,b\n0.5,0.5\n");
        for (Path out : new Path[] {input, weights, config, data, Path.of(tmp + "/./new.csv")}) {
            String[] before = contents(input);
            Cli.Result r = Cli.run("predict", "-q", config.toString(), "--weights", weights.toString(),
                    "--input", input.toString(), "--out", out.toString());
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().startsWith("error: --out " + out + " is "), r::toString);
            assertTrue(r.err().contains("which this command reads"), r::toString);
            assertFalse(r.err().contains("Exception"), r::toString);
            assertEquals(before[0] + before[1] + before[2] + before[3], String.join("", contents(input)), out.toString());
        }
        Cli.Result ok = Cli.run("predict", "-q", config.toString(), "--weights", weights.toString(),
                "--input", input.toString(), "--out", tmp.resolve("predictions.csv").toString());
        assertEquals(0, ok.exit(), ok::toString);
    }

    @Test
    void evaluateRefusesToWriteOverTheSnapshotOrTheDataAndTwoOutputsInOneFile() throws IOException {
        String[] before = contents(tmp.resolve("new-unused.csv"));
        for (String[] options : new String[][] {{"--out", weights.toString()}, {"--out", data.toString()},
                {"--predictions", weights.toString()}, {"--predictions", config.toString()},
                {"--out", tmp.resolve("x.csv").toString(), "--predictions", tmp.resolve("x.csv").toString()}}) {
            String[] args = new String[5 + options.length];
            System.arraycopy(new String[] {"evaluate", "-q", config.toString(), "--weights", weights.toString()}, 0,
                    args, 0, 5);
            System.arraycopy(options, 0, args, 5, options.length);
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().startsWith("error: --"), r::toString);
            assertEquals(String.join("", before), String.join("", contents(tmp.resolve("new-unused.csv"))));
        }
        assertFalse(Files.exists(tmp.resolve("x.csv")));
    }

    /** The snapshot, the config, the data and {@code input} (empty when missing), as text. */
    private static String[] contents(Path input) throws IOException {
        return new String[] {Files.readString(weights), Files.readString(config), Files.readString(data),
                Files.exists(input) ? Files.readString(input) : ""};
    }
}

package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Processes;
import io.nnpipe.testing.RunFiles;
import io.nnpipe.testing.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What may differ between a stopped run and its {@code --resume}: the thread count and the JVM
 * (results are the same bits for every one, so the resumed folder is byte-identical to an
 * uninterrupted run), and the config file's comments and layout (the resolved config is compared);
 * a changed data file is refused like a changed config, nothing touched.
 */
class ResumeEnvironmentTest {
    static final int STEPS_PER_EPOCH = 3;

    @TempDir
    static Path tmp;
    static Path config;
    static Path uninterrupted;

    @BeforeAll
    static void runWithoutStopping() {
        config = Workloads.smallCnn(tmp, "environment", 9, 3, 4);
        uninterrupted = tmp.resolve("uninterrupted");
        assertEquals(0, Cli.run("-q", "--no-report", config.toString(), "--out", uninterrupted.toString()).exit());
    }

    /** {@code config} run into {@code out}, stopped right after {@code step}, a checkpoint after every epoch. */
    static void stopped(Path config, Path out, long step, String... args) {
        List<String> all = new ArrayList<>(List.of("-q", "--no-report", "--checkpoint-every", "0"));
        all.addAll(List.of(args));
        all.addAll(List.of(config.toString(), "--out", out.toString()));
        StoppedRuns.afterStep(step, all.toArray(String[]::new));
    }

    @Test
    void aRunResumedWithAnotherThreadCountWritesTheSameBytes() {
        Path run = tmp.resolve("threads");
        stopped(config, run, STEPS_PER_EPOCH + 2, "--threads", "1");
        Cli.Result r = Cli.run("-q", "--no-report", "--threads", "3", config.toString(), "--resume", run.toString());
        assertEquals(0, r.exit(), r::toString);
        RunFiles.assertSameBytes(uninterrupted, run, RunFiles.OUTPUTS);
    }

    @Test
    void aConfigWhoseCommentsAndLayoutChangedResumesAsTheSameRun() throws Exception {
        Path run = tmp.resolve("reformatted");
        stopped(config, run, STEPS_PER_EPOCH + 2);
        Path edited = Files.writeString(tmp.resolve("environment-edited.yaml"), "# edited after the stop\n"
                + Files.readString(config).replace("batch_size: 4", "batch_size:   4   # unchanged"));
        Cli.Result r = Cli.run("-q", "--no-report", edited.toString(), "--resume", run.toString());
        assertEquals(0, r.exit(), r::toString);
        RunFiles.assertSameBytes(uninterrupted, run, RunFiles.OUTPUTS);
    }

    @Test
    void aChangedDataFileIsRefusedNamingItAndNothingIsTouched() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Path data = Files.writeString(dir.resolve("train.csv"), "label,a,b\n0,1,0\n1,0,1\n0,0.9,0.1\n1,0.2,0.8\n");
        Path csvConfig = Files.writeString(dir.resolve("c.yaml"), """
                epochs: 3
                batch_size: 2
                data: {input_shape: [2], train: {csv: train.csv}}
                layers: [{type: dense, units: 2}]
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Path run = dir.resolve("run");
        stopped(csvConfig, run, 3);
        Files.writeString(data, "label,a,b\n0,1,0\n1,0,1\n0,0.9,0.1\n1,0.2,0.7\n");
        Map<String, byte[]> before = RunFiles.read(run);
        Cli.Result r = Cli.run("-q", "--no-report", csvConfig.toString(), "--resume", run.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("the data differ from those the run was started with (was train file train.csv"
                + " with SHA-256 "), r.err());
        Map<String, byte[]> after = RunFiles.read(run);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((f, bytes) -> assertTrue(Arrays.equals(bytes, after.get(f)), f + " unchanged"));
    }

    @Test
    void aCheckpointOfAnotherNnpipeBuildResumesWithAWarningNamingBoth() throws Exception {
        Path run = tmp.resolve("other-build");
        stopped(config, run, STEPS_PER_EPOCH + 2);
        Path ckpt = run.resolve("checkpoint.txt");
        String text = Files.readString(ckpt);
        assertTrue(text.matches("(?s).*\ntool \\S+ \\S+ \\S+\n.*"), "the checkpoint names the build that wrote it");
        Files.writeString(ckpt, text.replaceFirst("\ntool [^\n]*\n", "\ntool 0.0.9 0123456789abcdef0123 false\n"));
        java.io.PrintStream saved = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            System.setErr(capture); // the log writes to the System.err of the moment
            Cli.Result r = Cli.run("-q", "--no-report", config.toString(), "--resume", run.toString());
            assertEquals(0, r.exit(), r::toString);
        } finally {
            System.setErr(saved);
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("the checkpoint was written by nnpipe 0.0.9 (commit"
                + " 0123456789ab), and this is nnpipe "), log.toString(StandardCharsets.UTF_8));
        RunFiles.assertSameBytes(uninterrupted, run, RunFiles.OUTPUTS);
    }

    @Test
    void aRunStoppedUnderThisJavaAndResumedUnderJava25WritesTheSameBytes() throws Exception {
        Path java25 = Processes.java25();
        Assumptions.assumeTrue(java25 != null && Runtime.version().feature() != 25, "Java 25 is not installed here");
        Path run = tmp.resolve("java25");
        stopped(config, run, 2 * STEPS_PER_EPOCH + 1);
        Path log = tmp.resolve("java25.log");
        Process p = Processes.start(java25, tmp, List.of(), log, "-q", "--no-report", "--threads", "2",
                config.toString(), "--resume", run.toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the resumed run ends");
        assertEquals(0, p.exitValue(), Processes.output(log));
        RunFiles.assertSameBytes(uninterrupted, run, RunFiles.OUTPUTS);
        assertTrue(Files.readString(run.resolve("run.yaml")).contains("version: \"25") || Files.readString(
                run.resolve("run.yaml")).contains("version: 25"), "the manifest names the resuming JVM");
    }
}

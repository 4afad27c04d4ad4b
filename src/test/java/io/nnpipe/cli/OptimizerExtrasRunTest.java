package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import io.nnpipe.testing.RunFiles;
import io.nnpipe.testing.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AdamW and RMSprop with gradient clipping in whole runs: a run stopped mid-epoch and resumed
 * writes the same bytes as one never stopped (their state round-trips through checkpoint.txt),
 * every thread count writes the same bytes, the trace shows the clip, and run.yaml records the
 * resolved keys.
 */
class OptimizerExtrasRunTest {
    /** 9 train samples in batches of 4: 3 steps per epoch; the workload traces steps 1 and 7. */
    private static final int STEPS_PER_EPOCH = 3;
    private static final List<String> ADAMW = List.of("optimizer.type=adamw", "optimizer.amsgrad=true",
            "optimizer.clip_grad_norm=0.5");
    private static final List<String> RMSPROP = List.of("optimizer.type=rmsprop", "optimizer.learning_rate=0.002",
            "optimizer.momentum=0.9", "optimizer.centered=true", "optimizer.clip_grad_value=0.05",
            "optimizer.clip_grad_norm=0.1");

    @TempDir
    static Path tmp;
    static Path config;

    @BeforeAll
    static void writeConfig() {
        config = Workloads.smallCnn(tmp, "extras", 9, 3, 4);
    }

    private static String[] args(List<String> sets, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("-q", config.toString(), "--out", out.toString()));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static Path run(List<String> sets, String name, String threads) {
        Path out = tmp.resolve(name);
        Cli.Result r = Cli.run(args(sets, out, "--threads", threads));
        assertEquals(0, r.exit(), r::toString);
        return out;
    }

    private static void assertStoppedAndResumedRunWritesTheSameBytes(List<String> sets, String name) {
        Path straight = run(sets, name + "-straight", "1");
        Path stopped = tmp.resolve(name + "-stopped");
        StoppedRuns.afterStep(2 * STEPS_PER_EPOCH + 2, args(sets, stopped, "--checkpoint-every", "0", "--threads", "2"));
        List<String> resume = new ArrayList<>(List.of(args(sets, stopped, "--threads", "1")));
        resume.remove("--out");
        resume.remove(stopped.toString());
        resume.addAll(List.of("--resume", stopped.toString()));
        Cli.Result r = Cli.run(resume.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        RunFiles.assertSameBytes(straight, stopped, RunFiles.OUTPUTS);
    }

    @Test
    void adamWWithAmsgradAndNormClipResumesToTheSameBytes() {
        assertStoppedAndResumedRunWritesTheSameBytes(ADAMW, "adamw");
    }

    @Test
    void centeredRmsPropWithMomentumAndBothClipsResumesToTheSameBytes() {
        assertStoppedAndResumedRunWritesTheSameBytes(RMSPROP, "rmsprop");
    }

    @Test
    void everyThreadCountWritesTheSameBytes() {
        Path one = run(RMSPROP, "threads-1", "1");
        for (String threads : new String[] {"2", "3"}) {
            RunFiles.assertSameBytes(one, run(RMSPROP, "threads-" + threads, threads), RunFiles.OUTPUTS);
        }
    }

    @Test
    void theTraceShowsTheClipAndRunYamlTheResolvedKeys() throws Exception {
        Path out = run(ADAMW, "traced", "1");
        List<Map<String, String>> rows = Csv.read(out.resolve("trace.csv")).rows();
        List<Map<String, String>> clip = rows.stream().filter(r -> r.get("layer").equals("clip_grad_norm")).toList();
        assertEquals(List.of("1 total_norm", "1 clip_coef", "7 total_norm", "7 clip_coef"),
                clip.stream().map(r -> r.get("step") + " " + r.get("tensor")).toList());
        double norm = Double.parseDouble(clip.get(0).get("value"));
        double coef = Double.parseDouble(clip.get(1).get("value"));
        assertEquals(Math.min(1, 0.5 / (norm + 1e-6)), coef, 0);
        assertTrue(coef < 1, "the workload's first gradient is clipped: norm " + norm);
        // each clipped gradient is the raw one times the factor, bit for bit
        double[] raw = values(rows, "1", "backward", "out", "weight.grad");
        double[] clipped = values(rows, "1", "update", "out", "weight.grad_clipped");
        for (int i = 0; i < raw.length; i++) {
            assertEquals(raw[i] * coef, clipped[i], 0, "index " + i);
        }
        String manifest = Files.readString(out.resolve("run.yaml"));
        for (String key : new String[] {"type: adamw", "amsgrad: true", "clip_grad_norm: 0.5", "weight_decay: 0.0001",
            "beta1: 0.9", "beta2: 0.999", "epsilon: 1e-8"}) {
            assertTrue(manifest.contains(key), key + " in\n" + manifest);
        }
    }

    private static double[] values(List<Map<String, String>> rows, String step, String phase, String layer, String tensor) {
        return rows.stream().filter(r -> r.get("step").equals(step) && r.get("phase").equals(phase)
                && r.get("layer").equals(layer) && r.get("tensor").equals(tensor))
                .mapToDouble(r -> Double.parseDouble(r.get("value"))).toArray();
    }
}

package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} compares the plugins a checkpointed run used with those on the class path now:
 * another jar, a missing plugin, or a plugin newly supplying one of the config's components is
 * refused (exit 2, naming plugin, jar and both digests, nothing written) unless
 * {@code --allow-config-change}; a checkpoint from before plugins were recorded resumes with a
 * warning. The test plugin {@code test-scale} is loaded from the test class folder; what the run
 * "used" is varied by editing the checkpoint's record, since one JVM cannot swap its jars.
 */
class ResumePluginsTest {
    static final String RECORD = "plugins 1\nplugin - layer:scale test-scale\njar test-classes\n";
    static final String SHA = "ab".repeat(32);

    @TempDir
    static Path tmp;
    static Path config;
    static Path reference;

    @BeforeAll
    static void runOnce() throws Exception {
        config = Files.writeString(tmp.resolve("scaled.yaml"), """
                epochs: 2
                data:
                  input_shape: [2]
                  train: [{input: [1, 2], target: [0, 1]}, {input: [2, 1], target: [1, 0]}]
                layers:
                  - {type: dense, units: 2, weight: [[0.5, 0.1], [0.2, 0.3]], bias: false}
                  - {type: scale, factor: 3}
                loss: mse
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        reference = run("reference");
    }

    static Path run(String name) {
        Path out = tmp.resolve(name);
        Cli.Result r = Cli.run("-q", "--no-report", config.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r::toString);
        return out;
    }

    /** A finished run whose checkpoint says the run used {@code record} instead of the test class folder. */
    static Path runThatUsed(String name, String record) throws Exception {
        Path out = run(name);
        Path ckpt = out.resolve("checkpoint.txt");
        String text = Files.readString(ckpt);
        assertTrue(text.contains(RECORD), text);
        Files.writeString(ckpt, text.replace(RECORD, record));
        return out;
    }

    static Cli.Result resume(Path run, String... extra) {
        String[] args = {"-q", "--no-report", config.toString(), "--resume", run.toString()};
        String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return Cli.run(all);
    }

    /** The warnings a resume logs: the log writes to the System.err of the moment, not to the command's err. */
    static String resumeLoggingWarnings(Path run, String... extra) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream capture = new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setErr(capture);
            Cli.Result r = resume(run, extra);
            assertEquals(0, r.exit(), r::toString);
        } finally {
            System.setErr(saved);
        }
        return log.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static void assertRefusedUntouched(Path run, Cli.Result r, String... messages) {
        assertEquals(2, r.exit(), r::toString);
        for (String m : messages) {
            assertTrue(r.err().contains(m), "expected \"" + m + "\" in\n" + r.err());
        }
        assertTrue(r.err().contains("--allow-config-change"), r.err());
    }

    @Test
    void theCheckpointRecordsThePluginAndTheSamePluginResumes() {
        Path run = run("same");
        Cli.Result r = resume(run);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err());
        RunFiles.assertSameBytes(reference, run, RunFiles.OUTPUTS);
    }

    @Test
    void aPluginJarWithAnotherSha256IsRefusedNamingPluginJarAndBothDigests() throws Exception {
        Path run = runThatUsed("other-jar", "plugins 1\nplugin " + SHA + " layer:scale test-scale\njar scale-1.0.jar\n");
        Map<String, byte[]> before = RunFiles.read(run);
        Cli.Result r = resume(run);
        assertRefusedUntouched(run, r, "cannot resume " + run + ": the plugins differ from those the run used: plugin"
                + " 'test-scale' is another jar now: the run used scale-1.0.jar with SHA-256 " + SHA
                + ", found test-classes (a folder, no SHA-256)");
        assertUnchanged(before, run);
    }

    @Test
    void aPluginTheRunUsedIsNamedWithItsJarWhenMissingEvenBeforeTheConfigIsRead() throws Exception {
        // the config names a component no plugin supplies now: without the check it failed as an unknown layer type
        Path run = runThatUsed("missing", "plugins 1\nplugin " + SHA + " layer:prelu test-prelu\njar prelu 2.jar\n");
        Map<String, byte[]> before = RunFiles.read(run);
        Path edited = Files.writeString(tmp.resolve("prelu.yaml"), Files.readString(config).replace("scale, factor: 3",
                "prelu"));
        Cli.Result r = Cli.run("-q", edited.toString(), "--resume", run.toString());
        assertRefusedUntouched(run, r, "plugin 'test-prelu' is not on the class path now (the run used prelu 2.jar with"
                + " SHA-256 " + SHA + " for layer prelu)");
        assertFalse(r.err().contains("unknown"), r.err());
        assertUnchanged(before, run);
    }

    @Test
    void aComponentAnotherPluginSuppliesNowIsRefused() throws Exception {
        Path run = runThatUsed("taken-over", "plugins 1\nplugin " + SHA + " layer:scale test-old-scale\njar old.jar\n");
        Cli.Result r = resume(run);
        assertRefusedUntouched(run, r, "plugin 'test-old-scale' is not on the class path now (the run used old.jar",
                "layer scale came from plugin 'test-old-scale' (old.jar), now from plugin 'test-scale' (test-classes"
                        + " (a folder, no SHA-256))");
    }

    @Test
    void aComponentAPluginSuppliesNowThatTheRunTookFromNoPluginIsRefused() throws Exception {
        Path run = runThatUsed("new-plugin", "plugins 0\n");
        Map<String, byte[]> before = RunFiles.read(run);
        Cli.Result r = resume(run);
        assertRefusedUntouched(run, r, "layer scale now comes from plugin 'test-scale' (test-classes (a folder, no"
                + " SHA-256)), but the run used no plugin for it");
        assertUnchanged(before, run);
    }

    @Test
    void aPluginChangeContinuesWhenAllowedAndRunYamlSaysSo() throws Exception {
        Path run = runThatUsed("allowed", "plugins 1\nplugin " + SHA + " layer:scale test-scale\njar scale-1.0.jar\n");
        String log = resumeLoggingWarnings(run, "--allow-config-change");
        assertTrue(log.contains("continuing although the plugins differ"), log);
        assertTrue(Files.readString(run.resolve("run.yaml")).contains("resumed_with_config_change: \"the plugins differ"
                + " from those the run used: plugin 'test-scale' is another jar now"), "run.yaml records it");
    }

    @Test
    void aCheckpointFromBeforePluginsWereRecordedResumesWithAWarning() throws Exception {
        Path run = runThatUsed("older", "");
        Path ckpt = run.resolve("checkpoint.txt");
        Files.writeString(ckpt, Files.readString(ckpt).replaceFirst("\ntool [^\n]*\n", "\n")); // not recorded then either
        String log = resumeLoggingWarnings(run);
        assertTrue(log.contains("the checkpoint was written by an nnpipe that did not record plugins, so it cannot be"
                + " checked that the run used the plugin jars on the class path now: 'test-scale' (test-classes (a folder,"
                + " no SHA-256))"), log);
        RunFiles.assertSameBytes(reference, run, f -> !f.equals("run.yaml") && !f.equals("checkpoint.txt"));
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path run) {
        Map<String, byte[]> after = RunFiles.read(run);
        assertEquals(before.keySet(), after.keySet(), "no file added or removed");
        before.forEach((f, bytes) -> assertTrue(Arrays.equals(bytes, after.get(f)), f + " unchanged"));
    }
}

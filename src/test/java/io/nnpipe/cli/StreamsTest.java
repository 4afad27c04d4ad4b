package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a separate process with its streams piped, as in a shell pipeline or CI:
 * stdout carries only what was asked for, logging and progress go to stderr, and the log levels
 * and a user's Log4j configuration act as documented. (Log4j is configured once per JVM, so
 * these need their own processes.)
 */
class StreamsTest {
    @TempDir
    Path tmp;

    /** The outcome of one process. */
    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run run(List<String> jvmArgs, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        File out = tmp.resolve("stdout.txt").toFile();
        File err = tmp.resolve("stderr.txt").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        pb.environment().remove("LOG4J_CONFIGURATION_FILE");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    private Run run(String... args) throws Exception {
        return run(List.of(), Map.of(), args);
    }

    private String[] train(String... extra) {
        return trainEpochs(3, extra);
    }

    private String[] trainEpochs(int epochs, String... extra) {
        List<String> a = new ArrayList<>(List.of("configs/doc-example.yaml", "--out", tmp.resolve("run").toString(),
                "--epochs", String.valueOf(epochs)));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void trainingWritesNothingToStdoutAndPlainLinesToStderr() throws Exception {
        Run r = run(train());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().contains("epoch 3/3  loss ") && r.err().contains("done: "), r.err());
        assertFalse(r.err().contains("\r") || r.err().contains("\u001b"), "a pipe gets no bar: " + r.err());
    }

    @Test
    void theStartLineCountsOneEpochOfOneStepInTheSingular() throws Exception {
        Run r = run(trainEpochs(1, "--set", "batch_size=2"));
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("training doc-example: 1 epoch of 1 step, 22 parameters"), r.err());
    }

    @Test
    void quietTrainingPrintsNothingAndVerboseEveryEpoch() throws Exception {
        Run quiet = run(train("-q"));
        assertEquals(0, quiet.exit(), quiet::toString);
        assertEquals("", quiet.out() + quiet.err());
        Run verbose = run(trainEpochs(25, "-v"));
        assertEquals(0, verbose.exit(), verbose::toString);
        for (int e = 1; e <= 25; e++) {
            assertTrue(verbose.err().contains(String.format("epoch %2d/25  loss ", e)), "epoch " + e + ": " + verbose.err());
        }
        Run both = run(train("-q", "-v"));
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("-q and -v contradict each other"), both.err());
    }

    @Test
    void validateAndListPluginsPrintOnlyTheirTableOnStdout() throws Exception {
        Run validate = run("validate", "configs/doc-example.yaml");
        assertEquals(0, validate.exit(), validate::toString);
        assertEquals(Cli.run("validate", "configs/doc-example.yaml").out(), validate.out());
        assertEquals("", validate.err());
        Run list = run("--list-plugins");
        assertEquals(0, list.exit(), list::toString);
        assertTrue(list.out().startsWith("plugins: builtin"), list.out());
        assertEquals("", list.err());
    }

    @Test
    void aUserLog4jConfigurationReplacesTheBundledOne() throws Exception {
        Path config = tmp.resolve("my-log4j2.xml");
        Files.writeString(config, """
                <Configuration status="warn">
                  <Appenders><Console name="e" target="SYSTEM_ERR"><PatternLayout pattern="[mine] %level %msg%n"/></Console></Appenders>
                  <Loggers><Root level="info"><AppenderRef ref="e"/></Root></Loggers>
                </Configuration>
                """);
        Run byProperty = run(List.of("-Dlog4j2.configurationFile=" + config), Map.of(), train());
        assertEquals(0, byProperty.exit(), byProperty::toString);
        assertTrue(byProperty.err().startsWith("[mine] INFO training doc-example"), byProperty.err());
        Run byEnvironment = run(List.of(), Map.of("LOG4J_CONFIGURATION_FILE", config.toString()), train());
        assertTrue(byEnvironment.err().contains("[mine] INFO done: "), byEnvironment.err());
        Run quiet = run(List.of("-Dlog4j2.configurationFile=" + config), Map.of(), train("-q"));
        assertEquals("", quiet.out() + quiet.err(), "-q still wins over the file's level");
    }

    @Test
    void aMissingLog4jConfigurationIsABadInputNotASilentFallback() throws Exception {
        Run r = run(List.of("-Dlog4j2.configurationFile=" + tmp.resolve("nope.xml")), Map.of(), train());
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: the Log4j configuration file " + tmp.resolve("nope.xml") + " does not exist"),
                r.err());
    }
}

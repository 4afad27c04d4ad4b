package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a run that a training fault stopped says so, and why, at its top, whether drawn by
 * the run or redrawn by {@code report} (which reads run.yaml's status); a resumed run that then
 * completes no longer says it. (QA's eighth pass: the page only said "No epoch was completed".)
 */
class StoppedRunReportTest {
    @TempDir
    Path tmp;

    private static final String DIVERGING = """
            epochs: 30
            batch_size: 2
            shuffle: false
            data:
              input_shape: [1]
              train: [{input: [1], target: [0]}, {input: [2], target: [1]}, {input: [3], target: [1]}]
            layers: [{type: dense, units: 1, weight: [[1]], bias: [0]}]
            loss: mse
            optimizer: {type: sgd, learning_rate: RATE}
            """;

    @Test
    void aStoppedRunsReportSaysWhyAtTheTopAndKeepsItWhenRedrawn() throws Exception {
        Path config = Configs.write(tmp, "diverge.yaml", DIVERGING.replace("RATE", "1000000"));
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", run.toString());
        assertEquals(3, r.exit(), r::toString);
        String why = r.err().lines().findFirst().orElseThrow().substring("error: training stopped: ".length());
        String banner = "<p class=\"stopped\"><strong>Training stopped:</strong> " + Html.escape(why)
                + " The numbers below go up to the last complete step.</p>";
        String html = Files.readString(run.resolve(RunFolder.REPORT));
        assertTrue(html.contains(banner), html);
        assertTrue(html.indexOf(banner) < html.indexOf("<h2 id=\"metrics\">"), "before the metrics");

        Files.delete(run.resolve(RunFolder.REPORT));
        Cli.Result redrawn = Cli.run("report", "-q", config.toString(), "--out", run.toString());
        assertEquals(0, redrawn.exit(), redrawn::toString);
        assertEquals(html, Files.readString(run.resolve(RunFolder.REPORT)), "redrawn from the CSVs and run.yaml");

        Files.writeString(config, DIVERGING.replace("RATE", "0.01"));
        Cli.Result resumed = Cli.run("-q", config.toString(), "--resume", run.toString(), "--allow-config-change");
        assertEquals(0, resumed.exit(), resumed::toString);
        assertFalse(Files.readString(run.resolve(RunFolder.REPORT)).contains("Training stopped"));
    }
}

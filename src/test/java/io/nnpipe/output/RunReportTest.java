package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart and report a training run writes, on the seed example: present, self-contained, the
 * same bytes on a second run, and holding the document's numbers where the walk-through puts them.
 */
class RunReportTest {
    @TempDir
    static Path tmp;
    static Path run;
    static String html;

    @BeforeAll
    static void train() throws Exception {
        run = tmp.resolve("doc-example");
        Cli.Result r = Cli.run("-q", "configs/doc-example.yaml", "--out", run.toString());
        assertEquals(0, r.exit(), r::toString);
        html = Files.readString(run.resolve(RunFolder.REPORT));
    }

    @Test
    void aSecondRunWritesByteIdenticalChartsAndReport() throws Exception {
        Path again = tmp.resolve("again");
        assertEquals(0, Cli.run("-q", "configs/doc-example.yaml", "--out", again.toString()).exit());
        for (String f : List.of(RunFolder.LOSS_PNG, RunFolder.LOSS_SVG, RunFolder.REPORT)) {
            assertArrayEquals(Files.readAllBytes(run.resolve(f)), Files.readAllBytes(again.resolve(f)), f);
        }
    }

    @Test
    void reportIsOnePageThatNeedsNothingFromElsewhere() {
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("<link") || html.contains("@import"), "no external style sheets");
        assertFalse(html.replace("url(#", "").contains("url("), "no fonts or images by URL (the SVG's clip paths are internal)");
        assertFalse(html.contains("src="), "no images or frames from files");
        assertEquals(2, html.split("<svg", -1).length - 1, "the loss chart inline, and on a log scale as the step "
                + "loss falls from 1.9 to under 0.02 (over 100x)");
    }

    @Test
    void reportShowsFinalMetricsAndStages() {
        assertTrue(html.contains("<th>epochs completed</th><td class=\"n\">100</td>"), "last epoch of epochs.csv");
        assertTrue(html.contains("<th>loss of the first step</th><td class=\"n\"><span title=\"0.918"), "E = 0.9184");
        assertTrue(html.contains("<td>hidden</td><td>dense</td><td>2</td><td>2</td><td class=\"n\">6</td>"));
        assertTrue(html.contains("Total parameters: 22."));
    }

    @Test
    void walkThroughHasTheSeedDocumentNumbersInItsOrder() {
        int forward = html.indexOf("<h3 id=\"trace-forward\">1. Forward pass</h3>");
        int loss = html.indexOf("<h3 id=\"trace-loss\">2. Loss</h3>");
        int backward = html.indexOf("<h3 id=\"trace-backward\">3. Backward pass, from the last layer</h3>");
        int update = html.indexOf("<h3 id=\"trace-update\">4. Update</h3>");
        assertTrue(0 < forward && forward < loss && loss < backward && backward < update, "the document's order");
        // o_out = [0.6318 0.3682] in the forward pass; dE/do_out = [-1.5828 1.5828], do_out/do_in = 0.2326
        assertTrue(between(html, forward, loss).contains(">0.6318</td>"));
        assertTrue(between(html, backward, update).contains(">-1.583</td>"));
        assertTrue(between(html, backward, update).contains(">0.2326</td>"));
        // dx at the pooled features: [-0.0171 0.0034] (the document's rule 2)
        assertTrue(between(html, backward, update).contains(">-0.01713</td>"));
        // bh after the update: 0.3 - 0.1 * (-0.0737) = 0.30737
        assertTrue(between(html, update, html.length()).contains(">0.3074</td>"));
    }

    @Test
    void walkThroughStartsWithContentsLinkingEveryPhaseAndLayerToItsPlace() {
        int start = html.indexOf("<nav class=\"contents\">");
        String nav = between(html, start, html.indexOf("</nav>", start));
        java.util.List<String> targets = java.util.regex.Pattern.compile("href=\"#([^\"]+)\"").matcher(nav).results()
                .map(m -> m.group(1)).toList();
        assertEquals(List.of("trace-forward", "trace-forward-input", "trace-forward-conv"), targets.subList(0, 3), nav);
        assertTrue(targets.contains("trace-update-hidden"), nav);
        for (String id : targets) {
            assertEquals(1, html.split("id=\"" + java.util.regex.Pattern.quote(id) + "\"", -1).length - 1,
                    "one element with id " + id);
        }
        assertTrue(start < html.indexOf("<h3 id=\"trace-forward\">"), "the contents come before the step");
    }

    @Test
    void configIsShownAsWrittenAndEscaped() {
        assertTrue(html.contains("# 4a: &quot;Input Image * W1(i,j) + b_w1 = C1(i,j), stride=2&quot;"), "comments kept");
        assertFalse(html.contains("\"x2's value"), "quotes escaped");
    }

    @Test
    void reportCommandRedrawsTheSameFilesFromTheCsvs() throws Exception {
        byte[] before = Files.readAllBytes(run.resolve(RunFolder.REPORT));
        Files.delete(run.resolve(RunFolder.REPORT));
        Files.delete(run.resolve(RunFolder.LOSS_PNG));
        Cli.Result r = Cli.run("report", "-q", "configs/doc-example.yaml", "--out", run.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out());
        assertArrayEquals(before, Files.readAllBytes(run.resolve(RunFolder.REPORT)));
        assertTrue(Files.exists(run.resolve(RunFolder.LOSS_PNG)));
    }

    @Test
    void reportCommandRefusesAFolderWithoutARun() {
        Cli.Result r = Cli.run("report", "configs/doc-example.yaml", "--out", tmp.resolve("nothing").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no finished run in"), r.err());
    }

    @Test
    void reportCommandRefusesAConfigThatIsNotTheRuns() throws Exception {
        byte[] before = Files.readAllBytes(run.resolve(RunFolder.REPORT));
        Cli.Result r = Cli.run("report", "configs/doc-example-exact.yaml", "--out", run.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("error: the run in " + run + " was made from another config (first difference,"
                + " line 1 of the resolved config: was description: "), r.err());
        Cli.Result epochs = Cli.run("report", "configs/doc-example.yaml", "--epochs", "7", "--out", run.toString());
        assertEquals(2, epochs.exit(), epochs::toString);
        assertTrue(epochs.err().contains("was epochs: 100, now epochs: 7)"), epochs.err());
        assertArrayEquals(before, Files.readAllBytes(run.resolve(RunFolder.REPORT)), "nothing redrawn");
    }

    @Test
    void noReportLeavesChartsAndPageOut() {
        Path plain = tmp.resolve("plain");
        assertEquals(0, Cli.run("-q", "configs/doc-example.yaml", "--out", plain.toString(), "--epochs", "2",
                "--no-report").exit());
        assertTrue(Files.exists(plain.resolve(RunFolder.LOSS)));
        for (String f : List.of(RunFolder.LOSS_PNG, RunFolder.LOSS_SVG, RunFolder.REPORT)) {
            assertFalse(Files.exists(plain.resolve(f)), f);
        }
    }

    private static String between(String s, int from, int to) {
        return s.substring(from, to);
    }
}

package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.output.RunHistory;
import io.nnpipe.testing.Cli;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plot}: several runs in one chart, PNG or SVG by extension, with clear errors. */
class PlotCommandTest {
    @TempDir
    static Path tmp;
    static String doc;
    static String exact;

    @BeforeAll
    static void train() {
        doc = tmp.resolve("doc-example").toString();
        exact = tmp.resolve("doc-example-exact").toString();
        assertEquals(0, Cli.run("-q", "configs/doc-example.yaml", "--out", doc, "--epochs", "20").exit());
        assertEquals(0, Cli.run("-q", "configs/doc-example-exact.yaml", "--out", exact, "--epochs", "20").exit());
    }

    @Test
    void overlaysRunsAsPngWithALegendLinePerSeries() throws Exception {
        Path png = tmp.resolve("both.png");
        Cli.Result r = Cli.run("plot", doc, exact, "--out", png.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out(), "the chart goes to the file, nothing to stdout");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(520 + 4 * 18, img.getHeight(), "two runs, two series each: four legend lines");
    }

    @Test
    void writesSvgWhenAskedAndOnALogScale() throws Exception {
        Path svg = tmp.resolve("both-log.svg");
        assertEquals(0, Cli.run("plot", "--log", doc, exact, "-o", svg.toString()).exit());
        assertTrue(Files.readString(svg).startsWith("<?xml"));
    }

    @Test
    void lossesOfZeroOnALogScaleAreNamedNotSilentlyDropped() throws Exception {
        // a run whose loss is exactly 0 drew an empty log chart without a word
        Path config = Files.writeString(tmp.resolve("zero.yaml"), """
                epochs: 2
                data: {input_shape: [1], train: [{input: [1], target: [0]}]}
                layers: [{type: dense, units: 1, weight: zeros}]
                loss: mse
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        String zero = tmp.resolve("zero").toString();
        assertEquals(0, Cli.run("-q", "--no-report", config.toString(), "--out", zero).exit());
        Cli.Result r = Cli.run("plot", "--log", zero, doc, "--out", tmp.resolve("zero.svg").toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("zero: 2 of 2 step losses are 0 or not finite and cannot be drawn on a log scale; they are"
                + " left out"), PlotCommand.logScaleGaps(List.of(RunHistory.read(Path.of(zero)), RunHistory.read(Path.of(doc)))));
    }

    @Test
    void stepLossesOfZeroLeftOutOfTheReportsLogScaleChartAreNoted() throws Exception {
        // w ← w - 0.45·2w = 0.1w: the loss w² falls by 100 a step until it underflows to exactly 0 from
        // step 163 on; report.html's log chart (drawn for a spread of 100 or more) left those out without
        // a word, which only plot --log said (QA, first pass)
        Path config = Files.writeString(tmp.resolve("underflow.yaml"), """
                epochs: 200
                data: {input_shape: [1], train: [{input: [1], target: [0]}]}
                layers:
                  - {type: dense, units: 1, weight: [[1]], bias: false}
                loss: mse
                optimizer: {type: sgd, learning_rate: 0.45}
                output: {snapshot_every: 200}
                """);
        Path run = tmp.resolve("underflow");
        assertEquals(0, Cli.run("-q", config.toString(), "--out", run.toString()).exit());
        List<String> zeros = io.nnpipe.testing.Csv.read(run.resolve("loss.csv")).rows().stream()
                .filter(row -> row.get("loss").equals("0")).map(row -> row.get("step")).toList();
        assertEquals(38, zeros.size());
        assertEquals("163", zeros.get(0));
        String gap = "38 of 200 step losses are 0 or not finite and cannot be drawn on a log scale; they are left out";
        assertTrue(Files.readString(run.resolve("report.html")).contains("<p class=\"note\">Note: " + gap
                + " of the log-scale chart.</p>"));
        assertEquals(List.of("underflow: " + gap), PlotCommand.logScaleGaps(List.of(RunHistory.read(run))));
    }

    @Test
    void anInfiniteTestLossIsNamedByThePlotAndTheReportNotSilentlyLeftOut() throws Exception {
        // A test sample of input 1000 saturates the sigmoid to exactly 1 against its label 0: the
        // test loss is +Infinity every epoch (no clamp, docs/config.md) while training goes on.
        // The chart had no test-loss line and no word why (QA, eighth pass).
        Path config = Files.writeString(tmp.resolve("inf.yaml"), """
                epochs: 3
                batch_size: 2
                data:
                  input_shape: [1]
                  train: [{input: [1], label: 1}, {input: [-1], label: 0}]
                  test: [{input: [1], label: 1}, {input: [1000], label: 0}]
                layers: [{type: dense, units: 1, weight: [[1]], bias: [0]}, {type: sigmoid}]
                loss: binary_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Path run = tmp.resolve("inf");
        assertEquals(0, Cli.run("-q", config.toString(), "--out", run.toString()).exit());
        assertEquals("Infinity", io.nnpipe.testing.Csv.read(run.resolve("epochs.csv")).rows().get(2).get("test_loss"));
        String note = "the test loss is infinite after epochs 1, 2, 3 (3 of 3 epochs) and is left out of the chart;"
                + " epochs.csv has the values";
        assertEquals(List.of(note), RunHistory.read(run).undrawnEpochLosses());
        assertTrue(Files.readString(run.resolve("report.html")).contains("<p class=\"note\">Note: " + note + ".</p>"));
        Cli.Result r = Cli.run("plot", run.toString(), "--out", tmp.resolve("inf.png").toString());
        assertEquals(0, r.exit(), r::toString); // and logs "inf: " + the note as a warning (to the process's stderr)
    }

    @Test
    void aRunWithoutStepsIsNamedNotDrawnAsAnEmptyChartSilently() throws Exception {
        // a run that stopped at its first step (exit 3) drew an empty chart without a word (QA, second pass)
        Path empty = Files.createDirectories(tmp.resolve("stopped"));
        Files.writeString(empty.resolve("loss.csv"), "epoch,step,sample,loss,batch_size,learning_rate\n");
        Cli.Result r = Cli.run("plot", empty.toString(), "--out", tmp.resolve("stopped.png").toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("stopped: loss.csv has no steps (the run stopped before its first step completed); nothing"
                + " to draw"), PlotCommand.withoutSteps(List.of(RunHistory.read(empty), RunHistory.read(Path.of(doc)))));
    }

    @Test
    void refusesAnUnknownExtensionAndWritesNothing() {
        Path gif = tmp.resolve("chart.gif");
        Cli.Result r = Cli.run("plot", doc, "--out", gif.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("must end in .png or .svg"), r.err());
        assertFalse(Files.exists(gif));
    }

    @Test
    void anOutputInAMissingFolderOrOnAFolderIsNamedInWords() throws Exception {
        // the messages were "cannot write DIR/x.png: /abs/DIR/.x.png.tmp" and "... .x.png.tmp -> x.png: Is a directory"
        Path missing = tmp.resolve("nowhere").resolve("x.png");
        Cli.Result r = Cli.run("plot", doc, "--out", missing.toString());
        assertEquals(2, r.exit(), r::toString);
        assertEquals("error: cannot write " + missing + ": " + missing.getParent() + " does not exist\n", r.err());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        r = Cli.run("plot", doc, "--out", file.resolve("x.png").toString());
        assertEquals("error: cannot write " + file.resolve("x.png") + ": " + file + " is not a folder\n", r.err());
        Path folder = Files.createDirectories(tmp.resolve("taken.svg"));
        r = Cli.run("plot", doc, "--out", folder.toString());
        assertEquals(2, r.exit(), r::toString);
        assertEquals("error: cannot write " + folder + ": it is a folder\n", r.err());
    }

    @Test
    void aFolderThatIsNoRunIsNamed() {
        Path png = tmp.resolve("x.png");
        Cli.Result r = Cli.run("plot", doc, tmp.resolve("missing").toString(), "--out", png.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a run folder: ") && r.err().contains("missing"), r.err());
        assertFalse(Files.exists(png), "nothing is written when any run cannot be read");
        assertEquals(2, Cli.run("plot").exit(), "no run folder at all");
    }
}

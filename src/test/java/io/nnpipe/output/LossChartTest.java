package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** The loss chart: what it draws, and that the same history always gives the same bytes. */
class LossChartTest {
    private static final int BLUE = 0x1f77b4;
    private static final int ORANGE = 0xff7f0e;
    private static final int GREEN = 0x2ca02c;

    /** Two epochs of two steps; with a test set when {@code test} is set. */
    private static RunHistory history(String name, boolean test) {
        double nan = Double.NaN;
        return new RunHistory(name, new long[] {1, 2, 3, 4}, new double[] {1.0, 0.8, 0.5, 0.25}, new int[] {1, 2},
                new long[] {2, 4}, new double[] {0.9, 0.375}, new double[] {0.5, 1},
                test ? new double[] {0.95, 0.6} : new double[] {nan, nan},
                test ? new double[] {0.5, 0.75} : new double[] {nan, nan});
    }

    @Test
    void sameHistoryGivesIdenticalPngAndSvgBytes() {
        LossChart a = LossChart.of(history("run", true), LossChart.Options.of("run: training loss"));
        LossChart b = LossChart.of(history("run", true), LossChart.Options.of("run: training loss"));
        assertArrayEquals(a.png(), b.png());
        assertEquals(a.svg(), b.svg());
    }

    @Test
    void pngHasTheSizeAskedAndDrawsTrainingLossInBlue() throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(
                LossChart.of(history("run", false), LossChart.Options.of("t")).png()));
        assertEquals(900, img.getWidth());
        assertEquals(520, img.getHeight());
        assertTrue(count(img, BLUE) > 100, "the epoch-mean line is drawn in the run's colour");
        assertEquals(0, count(img, GREEN), "no test set: no accuracy line");
    }

    @Test
    void aTestSetAddsTestLossAndAccuracyInTheirOwnColours() throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(
                LossChart.of(history("run", true), LossChart.Options.of("t")).png()));
        assertTrue(count(img, ORANGE) > 20, "test loss, dashed orange");
        assertTrue(count(img, GREEN) > 20, "test accuracy, dotted green on the right axis");
    }

    @Test
    void svgIsWellFormedCompactAndSelfContained() throws Exception {
        String svg = LossChart.of(history("run", true), LossChart.Options.of("t")).svg();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals("0 0 900 520", doc.getDocumentElement().getAttribute("viewBox"));
        assertFalse(svg.matches("(?s).*\\d\\.\\d{4}.*"), "coordinates are rounded to 1/1000 pixel");
        assertFalse(svg.contains("<text") || svg.contains("font-family"), "text is drawn as outlines: no font needed");
        assertFalse(svg.contains("<image") || svg.contains("href=\"http"), "nothing is loaded from elsewhere");
    }

    @Test
    void overlayAndLogScaleDrawWithoutFailingOnZeroLoss() throws IOException {
        RunHistory zero = new RunHistory("b", new long[] {1, 2}, new double[] {0.5, 0.0}, new int[] {1},
                new long[] {2}, new double[] {0.25}, new double[] {Double.NaN}, new double[] {Double.NaN},
                new double[] {Double.NaN});
        LossChart c = LossChart.of(List.of(history("a", true), zero), LossChart.Options.of("a vs b").withLogScale(true));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(c.png()));
        assertTrue(img.getHeight() > 520, "an overlay grows by its legend lines");
        assertTrue(c.svg().startsWith("<?xml"));
    }

    @Test
    void emptyRunStillGivesAChart() {
        RunHistory empty = new RunHistory("e", new long[0], new double[0], new int[0], new long[0], new double[0],
                new double[0], new double[0], new double[0]);
        assertTrue(LossChart.of(empty, LossChart.Options.of("e")).png().length > 1000);
    }

    @Test
    void longRunsArePlottedAsMeansOfGroupsOfSteps() {
        assertEquals(1, LossChart.Series.groupSize(LossChart.MAX_POINTS));
        assertEquals(2, LossChart.Series.groupSize(LossChart.MAX_POINTS + 1));
        double[][] g = LossChart.Series.grouped(new long[] {1, 2, 3, 4, 5}, new double[] {1, 3, 5, 7, 10}, 2);
        assertArrayEquals(new double[] {2, 4, 5}, g[0], "each group sits at its last step");
        assertArrayEquals(new double[] {2, 6, 10}, g[1], "the mean of each group; the last may be short");
    }

    @Test
    void manyEpochsArePlottedAsMeansOfGroupsOfEpochs() {
        int epochs = 5 * LossChart.MAX_POINTS; // full-batch training: one step per epoch
        long[] steps = new long[epochs];
        int[] epoch = new int[epochs];
        double[] loss = new double[epochs];
        double[] accuracy = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            steps[i] = i + 1;
            epoch[i] = i + 1;
            loss[i] = i % 5; // each group of five epochs has the mean 2
            accuracy[i] = 0.5;
        }
        RunHistory r = new RunHistory("long", steps, loss, epoch, steps, loss, accuracy, loss, accuracy);
        java.util.Map<String, org.knowm.xchart.XYSeries> series = LossChart.of(r, LossChart.Options.of("t")).chart()
                .getSeriesMap();
        org.knowm.xchart.XYSeries mean = series.get("mean training loss per epoch (mean of each 5 epochs)");
        assertEquals(LossChart.MAX_POINTS, mean.getXData().length);
        assertEquals(5.0, mean.getXData()[0], "each group sits at the last step of its last epoch");
        assertEquals(2.0, mean.getYData()[0]);
        assertEquals(LossChart.MAX_POINTS, series.get("test loss (mean of each 5 epochs)").getXData().length);
        assertEquals(50.0, series.get("test accuracy (right axis) (mean of each 5 epochs)").getYData()[999], "percent");
    }

    @Test
    void upToMaxPointsEpochsEachEpochIsAPoint() {
        RunHistory r = history("run", true);
        java.util.Map<String, org.knowm.xchart.XYSeries> series = LossChart.of(r, LossChart.Options.of("t")).chart()
                .getSeriesMap();
        assertArrayEquals(new double[] {0.9, 0.375}, series.get("mean training loss per epoch").getYData());
        assertArrayEquals(new double[] {50, 75}, series.get("test accuracy (right axis)").getYData());
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}

package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import org.junit.jupiter.api.Test;

/** The SVG writer, on drawings made by hand: what each drawing call becomes. */
class ChartSvgTest {

    @Test
    void numbersAreRoundedToAThousandthWithoutTrailingZeros() {
        assertEquals("57.214", num(57.2138671875));
        assertEquals("100", num(99.99999999999999));
        assertEquals("0", num(-1.0E-5), "no negative zero");
        assertEquals("-2.25", num(-2.25));
        assertEquals("0.5", num(0.5));
        assertEquals("0.05", num(0.05));
        assertEquals("1234.007", num(1234.007));
        assertEquals("-0.001", num(-0.001));
    }

    @Test
    void aChainOfSameStyleSegmentsBecomesOnePath() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(new Color(0x1f77b4));
        g.setStroke(new BasicStroke(2f));
        g.draw(new Line2D.Double(0, 5, 1, 6));
        g.draw(new Line2D.Double(1, 6, 2, 4));
        g.draw(new Line2D.Double(9, 0, 9, 1)); // a gap: a new path
        g.setColor(Color.RED);
        g.draw(new Line2D.Double(9, 1, 9, 2)); // another colour: a new path
        String svg = ChartSvg.of(g, 10, 10);
        String s = "fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" stroke-linecap=\"square\" stroke-miterlimit=\"10\"";
        assertTrue(svg.contains("<path " + s + " d=\"M0,5L1,6L2,4\"/>\n<path " + s + " d=\"M9,0L9,1\"/>\n"), svg);
        assertTrue(svg.contains("stroke=\"#ff0000\" stroke-width=\"2\" stroke-linecap=\"square\" stroke-miterlimit=\"10\" d=\"M9,1L9,2\""), svg);
    }

    @Test
    void translationsAreAppliedClipsGroupAndTranslucentColoursKeepTheirOpacity() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.translate(10, 20);
        g.setClip(new Rectangle2D.Double(0, 0, 5, 5));
        g.setColor(new Color(255, 0, 0, 51));
        g.fill(new Rectangle2D.Double(1, 1, 2, 2));
        g.setClip(null);
        g.fill(new Rectangle2D.Double(0, 0, 1, 1));
        String svg = ChartSvg.of(g, 100, 100);
        assertTrue(svg.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"100\" height=\"100\" viewBox=\"0 0 100 100\">\n"), svg);
        String clip = "M10,20L15,20L15,25L10,25L10,20Z";
        String id = "clip" + Integer.toHexString(clip.hashCode());
        assertTrue(svg.contains("<clipPath id=\"" + id + "\"><path d=\"" + clip + "\"/></clipPath>"), "the clip in device space: " + svg);
        assertTrue(svg.contains("<g clip-path=\"url(#" + id + ")\">\n<path d=\"M11,21L13,21L13,23L11,23L11,21Z\" fill=\"#ff0000\" "
                + "fill-opacity=\"0.2\"/>\n</g>\n<path d=\"M10,20L11,20L11,21L10,21L10,20Z\""), svg);
    }

    @Test
    void aRotatedStrokeKeepsItsTransformAndCreateDisposeRestoresTheState() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.BLACK);
        Graphics2D child = (Graphics2D) g.create();
        child.rotate(Math.PI / 2);
        child.setColor(Color.BLUE);
        child.draw(new Rectangle2D.Double(0, 0, 1, 2));
        child.dispose();
        g.fill(new Rectangle2D.Double(0, 0, 1, 1));
        String svg = ChartSvg.of(g, 10, 10);
        assertTrue(svg.contains("stroke=\"#0000ff\" stroke-width=\"1\" stroke-miterlimit=\"10\" "
                + "transform=\"matrix(0 1 -1 0 0 0)\"/>"), svg);
        assertTrue(svg.contains("<path d=\"M0,0L1,0L1,1L0,1L0,0Z\" fill=\"#000000\"/>"), "black again after dispose: " + svg);
    }

    @Test
    void dashesCapsJoinsAndEvenOddFillsAreWrittenAsSvgAttributes() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.GREEN);
        g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 1f));
        g.draw(new Line2D.Double(0, 0, 5, 0));
        java.awt.geom.Path2D.Double ring = new java.awt.geom.Path2D.Double(java.awt.geom.Path2D.WIND_EVEN_ODD);
        ring.append(new Rectangle2D.Double(0, 0, 4, 4), false);
        ring.append(new Rectangle2D.Double(1, 1, 2, 2), false);
        g.fill(ring);
        String svg = ChartSvg.of(g, 10, 10);
        assertTrue(svg.contains("stroke=\"#00ff00\" stroke-width=\"1.8\" stroke-linejoin=\"round\" "
                + "stroke-dasharray=\"6,4\" stroke-dashoffset=\"1\" d=\"M0,0L5,0\"/>"), "float width 1.8f written as 1.8: " + svg);
        assertTrue(svg.contains("fill=\"#00ff00\" fill-rule=\"evenodd\"/>"), svg);
    }

    private static String num(double v) {
        return SvgNumber.append(new StringBuilder(), v).toString();
    }
}

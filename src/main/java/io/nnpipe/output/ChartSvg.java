package io.nnpipe.output;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.intermediate.commands.AffineTransformCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.CreateCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DisposeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawStringCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.FillShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetClipCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetColorCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetFontCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetPaintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetStrokeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetTransformCommand;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.util.ArrayDeque;
import java.util.Deque;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Draws a chart as SVG text: the chart paints on VectorGraphics2D, which records every drawing
 * call (with the graphics state it ran in), and this class writes that record as SVG elements
 * straight into a string.
 *
 * <p>Why not VectorGraphics2D's own SVG output: it builds a DOM and writes it through the JDK's
 * XSLT serialiser, which in a fresh JVM loads and compiles several hundred classes — most of a
 * short run's chart time (docs/performance.md) — and its numbers then needed a second pass
 * (rounding, Java 19's {@code Double.toString} change). Here every coordinate is written once,
 * rounded to 1/1000 pixel by integer arithmetic (the same text on every JVM), and consecutive line
 * segments of one style that continue each other become one {@code <path>} (XChart draws a series
 * segment by segment), which keeps the SVG small enough to inline in the report.
 *
 * <p>What XChart draws is covered: shapes drawn and filled (text arrives as glyph outlines),
 * colours with alpha, {@code BasicStroke} width, caps, joins, miter limit and dashes, transforms,
 * clipping, and {@code create()}/{@code dispose()}. Images and non-colour paints are not drawn as
 * such (the loss chart uses neither): images are left out, and a shape under a gradient paint gets
 * the last colour set.
 */
final class ChartSvg {
    /** VectorGraphics2D's own: no antialiasing, fractional metrics (it lays text out the same way). */
    private static final FontRenderContext TEXT = new FontRenderContext(null, false, true);

    private final SvgElements out;
    private final Deque<State> saved = new ArrayDeque<>();
    private State state = new State(new AffineTransform(), null, Color.BLACK, null, null);

    private ChartSvg(int width, int height) {
        out = new SvgElements(width, height);
    }

    /** The chart as an SVG document of its size. */
    static String draw(Chart<?, ?> chart) {
        VectorGraphics2D g = new VectorGraphics2D();
        chart.paint(g, chart.getWidth(), chart.getHeight());
        return of(g, chart.getWidth(), chart.getHeight());
    }

    /** What was drawn on {@code g}, as an SVG document of the given size. */
    static String of(VectorGraphics2D g, int width, int height) {
        ChartSvg svg = new ChartSvg(width, height);
        for (Command<?> c : g.getCommands()) {
            svg.handle(c);
        }
        return svg.out.document();
    }

    /** The graphics state a drawing call ran in; the clip is in device space. */
    private record State(AffineTransform transform, Shape clip, Color color, Stroke stroke, Font font) {
        State with(AffineTransform t) {
            return new State(t, clip, color, stroke, font);
        }

        State withClip(Shape c) {
            return new State(transform, c, color, stroke, font);
        }

        State with(Color c) {
            return new State(transform, clip, c, stroke, font);
        }

        State with(Stroke s) {
            return new State(transform, clip, color, s, font);
        }

        State with(Font f) {
            return new State(transform, clip, color, stroke, f);
        }
    }

    private void handle(Command<?> c) {
        if (c instanceof DrawShapeCommand d) {
            out.draw(d.getValue(), state.transform(), state.clip(), state.color(), state.stroke());
        } else if (c instanceof FillShapeCommand f) {
            out.fill(f.getValue(), state.transform(), state.clip(), state.color());
        } else if (c instanceof DrawStringCommand s) {
            if (state.font() != null && !s.getValue().isBlank()) {
                Shape glyphs = new TextLayout(s.getValue(), state.font(), TEXT)
                        .getOutline(AffineTransform.getTranslateInstance(s.getX(), s.getY()));
                out.fill(glyphs, state.transform(), state.clip(), state.color());
            }
        } else {
            changeState(c);
        }
    }

    /** State commands; hints, background, composite, XOR mode and images change nothing drawn here. */
    private void changeState(Command<?> c) {
        if (c instanceof SetColorCommand s) {
            state = state.with(s.getValue());
        } else if (c instanceof SetPaintCommand p && p.getValue() instanceof Color color) {
            state = state.with(color);
        } else if (c instanceof SetStrokeCommand s) {
            state = state.with(s.getValue());
        } else if (c instanceof SetFontCommand f) {
            state = state.with(f.getValue());
        } else if (c instanceof SetTransformCommand t) {
            state = state.with(new AffineTransform(t.getValue()));
        } else if (c instanceof AffineTransformCommand t) {
            AffineTransform now = new AffineTransform(state.transform());
            now.concatenate(t.getValue());
            state = state.with(now);
        } else if (c instanceof SetClipCommand s) {
            // recorded in the user space of the moment; kept in device space, like Graphics2D
            state = state.withClip(s.getValue() == null ? null : state.transform().createTransformedShape(s.getValue()));
        } else if (c instanceof CreateCommand) {
            saved.push(state);
        } else if (c instanceof DisposeCommand && !saved.isEmpty()) {
            state = saved.pop();
        }
    }
}

package io.nnpipe.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The elements of one SVG document, written as they come: each shape one {@code <path>} in device
 * coordinates (3 decimals), grouped under a {@code <g clip-path>} while the clip stays the same.
 * A line segment that starts where the last one ended, with the same style and clip, extends that
 * path instead of starting a new one. Used by {@link ChartSvg}.
 *
 * <p>Clip paths get ids from a hash of their outline, so two charts inlined in one HTML page never
 * refer to each other's clips by mistake (the same id means the same outline).
 */
final class SvgElements {
    private final int width;
    private final int height;
    private final StringBuilder body = new StringBuilder(1 << 16);
    private final Map<String, String> clipIds = new LinkedHashMap<>();
    private String openClip;
    /** The last clip looked up and its id (the same shape object comes with every call until it changes). */
    private Shape lastClip;
    private String lastClipId;
    /** The open polyline: its style attributes and its end point (rounded), or null. */
    private String lineStyle;
    private long lineEndX;
    private long lineEndY;

    SvgElements(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Strokes {@code shape} (user space of {@code transform}). */
    void draw(Shape shape, AffineTransform transform, Shape clip, Color color, Stroke stroke) {
        String style = strokeStyle(color, stroke);
        boolean translation = (transform.getType() & ~AffineTransform.TYPE_TRANSLATION) == 0;
        if (translation) {
            // a translation moves the outline and leaves the stroke as it is: write device coordinates
            AffineTransform at = AffineTransform.getTranslateInstance(transform.getTranslateX(), transform.getTranslateY());
            if (continueLine(shape, at, clip, style)) {
                return;
            }
            element(clip, style, path(shape.getPathIterator(at)), null);
        } else {
            // rotated or scaled: the stroke must turn and scale with the outline, so SVG applies the transform
            element(clip, style, path(shape.getPathIterator(null)), transform);
        }
    }

    /** Fills {@code shape} (user space of {@code transform}). */
    void fill(Shape shape, AffineTransform transform, Shape clip, Color color) {
        PathIterator it = shape.getPathIterator(transform);
        String style = paint("fill", color) + (it.getWindingRule() == PathIterator.WIND_EVEN_ODD ? " fill-rule=\"evenodd\"" : "");
        element(clip, style, path(it), null);
    }

    /** The whole document. */
    String document() {
        closeLine();
        setClip(null);
        StringBuilder b = new StringBuilder(body.length() + 512);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        if (!clipIds.isEmpty()) {
            b.append("<defs>\n");
            for (Map.Entry<String, String> e : clipIds.entrySet()) {
                b.append("<clipPath id=\"").append(e.getValue()).append("\"><path d=\"").append(e.getKey())
                        .append("\"/></clipPath>\n");
            }
            b.append("</defs>\n");
        }
        return b.append(body).append("</svg>\n").toString();
    }

    private void element(Shape clip, String style, String d, AffineTransform transform) {
        closeLine();
        if (d.isEmpty()) {
            return;
        }
        setClip(clip);
        body.append("<path d=\"").append(d).append("\" ").append(style);
        if (transform != null) {
            double[] m = new double[6];
            transform.getMatrix(m);
            body.append(" transform=\"matrix(");
            for (int i = 0; i < 6; i++) {
                SvgNumber.append(body.append(i == 0 ? "" : " "), m[i]);
            }
            body.append(")\"");
        }
        body.append("/>\n");
    }

    /** Extends the open polyline with {@code shape} if it is one segment starting at the line's end. */
    private boolean continueLine(Shape shape, AffineTransform at, Shape clip, String style) {
        double[] c = new double[6];
        PathIterator it = shape.getPathIterator(at);
        if (it.isDone() || it.currentSegment(c) != PathIterator.SEG_MOVETO) {
            return false;
        }
        long x0 = SvgNumber.thousandths(c[0]);
        long y0 = SvgNumber.thousandths(c[1]);
        it.next();
        if (it.isDone() || it.currentSegment(c) != PathIterator.SEG_LINETO) {
            return false;
        }
        long x1 = SvgNumber.thousandths(c[0]);
        long y1 = SvgNumber.thousandths(c[1]);
        it.next();
        if (!it.isDone()) {
            return false;
        }
        boolean continues = style.equals(lineStyle) && same(clip) && x0 == lineEndX && y0 == lineEndY;
        if (!continues) {
            closeLine();
            setClip(clip);
            body.append("<path ").append(style).append(" d=\"M");
            SvgNumber.appendThousandths(body, x0).append(',');
            SvgNumber.appendThousandths(body, y0);
            lineStyle = style;
        }
        body.append('L');
        SvgNumber.appendThousandths(body, x1).append(',');
        SvgNumber.appendThousandths(body, y1);
        lineEndX = x1;
        lineEndY = y1;
        return true;
    }

    private void closeLine() {
        if (lineStyle != null) {
            body.append("\"/>\n");
            lineStyle = null;
        }
    }

    private boolean same(Shape clip) {
        return Objects.equals(openClip, clip == null ? null : clipId(clip));
    }

    private void setClip(Shape clip) {
        String id = clip == null ? null : clipId(clip);
        if (Objects.equals(id, openClip)) {
            return;
        }
        if (openClip != null) {
            body.append("</g>\n");
        }
        if (id != null) {
            body.append("<g clip-path=\"url(#").append(id).append(")\">\n");
        }
        openClip = id;
    }

    private String clipId(Shape clip) {
        if (clip != lastClip) {
            String d = path(clip.getPathIterator(null));
            String id = clipIds.get(d);
            if (id == null) {
                id = "clip" + Integer.toHexString(d.hashCode());
                clipIds.put(d, id);
            }
            lastClip = clip;
            lastClipId = id;
        }
        return lastClipId;
    }

    /** The path data: M, L, Q, C and Z with coordinates rounded to 1/1000. */
    static String path(PathIterator it) {
        StringBuilder b = new StringBuilder();
        double[] c = new double[6];
        for (; !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            int points = switch (type) {
                case PathIterator.SEG_MOVETO -> { b.append('M'); yield 1; }
                case PathIterator.SEG_LINETO -> { b.append('L'); yield 1; }
                case PathIterator.SEG_QUADTO -> { b.append('Q'); yield 2; }
                case PathIterator.SEG_CUBICTO -> { b.append('C'); yield 3; }
                default -> { b.append('Z'); yield 0; }
            };
            for (int p = 0; p < points; p++) {
                SvgNumber.append(b.append(p == 0 ? "" : " "), c[2 * p]).append(',');
                SvgNumber.append(b, c[2 * p + 1]);
            }
        }
        return b.toString();
    }

    private static String strokeStyle(Color color, Stroke stroke) {
        StringBuilder b = new StringBuilder("fill=\"none\" ").append(paint("stroke", color));
        if (stroke instanceof BasicStroke s) {
            SvgNumber.append(b.append(" stroke-width=\""), s.getLineWidth()).append('"');
            b.append(switch (s.getEndCap()) {
                case BasicStroke.CAP_ROUND -> " stroke-linecap=\"round\"";
                case BasicStroke.CAP_SQUARE -> " stroke-linecap=\"square\"";
                default -> "";
            });
            b.append(switch (s.getLineJoin()) {
                case BasicStroke.JOIN_ROUND -> " stroke-linejoin=\"round\"";
                case BasicStroke.JOIN_BEVEL -> " stroke-linejoin=\"bevel\"";
                default -> "";
            });
            if (s.getLineJoin() == BasicStroke.JOIN_MITER && s.getMiterLimit() != 4f) {
                SvgNumber.append(b.append(" stroke-miterlimit=\""), s.getMiterLimit()).append('"');
            }
            float[] dash = s.getDashArray();
            if (dash != null && dash.length > 0) {
                b.append(" stroke-dasharray=\"");
                for (int i = 0; i < dash.length; i++) {
                    SvgNumber.append(b.append(i == 0 ? "" : ","), dash[i]);
                }
                b.append('"');
                if (s.getDashPhase() != 0f) {
                    SvgNumber.append(b.append(" stroke-dashoffset=\""), s.getDashPhase()).append('"');
                }
            }
        }
        return b.toString();
    }

    /** {@code fill="#rrggbb"} (or stroke), with its opacity when the colour is translucent. */
    private static String paint(String what, Color color) {
        StringBuilder b = new StringBuilder(what).append("=\"#");
        String hex = Integer.toHexString(0x1000000 | (color.getRGB() & 0xffffff));
        b.append(hex, 1, 7).append('"');
        if (color.getAlpha() < 255) {
            SvgNumber.append(b.append(' ').append(what).append("-opacity=\""), color.getAlpha() / 255.0).append('"');
        }
        return b.toString();
    }
}

package io.nnpipe.output;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes VectorGraphics2D's SVG smaller without changing what it draws: coordinates rounded to
 * 1/1000 pixel, and chains of {@code <line>} elements (XChart draws a series segment by segment)
 * joined into one {@code <path>}. A 1000-step loss chart shrinks from about 250 kB to well under
 * 100 kB, which matters because the report inlines it. Rounding also keeps {@link Double#toString}'s
 * last digits, which changed in Java 19, out of the bytes.
 */
final class SvgCompact {
    /** A decimal with more than three digits after the point, or in scientific notation. */
    private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{4,}(?:[eE][-+]?\\d+)?|-?\\d+(?:\\.\\d+)?[eE][-+]?\\d+");
    /** One line element on a line of its own, as VectorGraphics2D writes it. */
    private static final Pattern LINE = Pattern.compile(
            "( *)<line style=\"([^\"]*)\" x1=\"([^\"]*)\" x2=\"([^\"]*)\" y1=\"([^\"]*)\" y2=\"([^\"]*)\"/>\n");

    private SvgCompact() {
    }

    static String compact(String svg) {
        return joinLines(roundNumbers(svg));
    }

    static String roundNumbers(String svg) {
        Matcher m = LONG_DECIMAL.matcher(svg);
        StringBuilder b = new StringBuilder(svg.length());
        while (m.find()) {
            String r = new BigDecimal(m.group()).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
            m.appendReplacement(b, r);
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Joins consecutive line elements of the same style, each starting where the last ended, into paths. */
    static String joinLines(String svg) {
        Matcher m = LINE.matcher(svg);
        StringBuilder b = new StringBuilder(svg.length());
        int copied = 0;
        String style = null;
        String endX = null;
        String endY = null;
        while (m.find()) {
            boolean continues = m.start() == copied && style != null && style.equals(m.group(2))
                    && m.group(3).equals(endX) && m.group(5).equals(endY);
            if (continues) {
                b.append(" L").append(m.group(4)).append(',').append(m.group(6));
            } else {
                if (style != null) {
                    b.append("\"/>\n");
                }
                b.append(svg, copied, m.start());
                b.append(m.group(1)).append("<path style=\"").append(m.group(2)).append("\" d=\"M").append(m.group(3))
                        .append(',').append(m.group(5)).append(" L").append(m.group(4)).append(',').append(m.group(6));
                style = m.group(2);
            }
            endX = m.group(4);
            endY = m.group(6);
            copied = m.end();
        }
        if (style != null) {
            b.append("\"/>\n");
        }
        return b.append(svg, copied, svg.length()).toString();
    }
}

package io.nnpipe.output;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The font of every chart: DejaVu Sans, bundled in the jar ({@code fonts/DejaVuSans.ttf}, with its
 * license beside it). Java's logical fonts ({@code SansSerif}) map to whatever the machine has
 * installed, so the same chart would have different glyphs, text widths and therefore layout on
 * another machine; a bundled font makes the drawing the same everywhere.
 */
final class ChartFonts {
    private ChartFonts() {
    }

    /** DejaVu Sans at {@code size} points (plain). */
    static Font sans(float size) {
        return Holder.SANS.deriveFont(Font.PLAIN, size);
    }

    /** Loaded on first use (class initialisation is thread-safe and happens once). */
    private static final class Holder {
        static final Font SANS = load("fonts/DejaVuSans.ttf");

        private static Font load(String resource) {
            try (InputStream in = ChartFonts.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled font " + resource + " is missing from the jar");
                }
                return Font.createFont(Font.TRUETYPE_FONT, in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled font " + resource, e);
            } catch (FontFormatException e) {
                throw new IllegalStateException("the bundled font " + resource + " is damaged", e);
            }
        }
    }
}

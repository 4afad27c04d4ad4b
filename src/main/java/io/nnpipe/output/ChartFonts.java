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
    /**
     * Held while the font is loaded. {@link Font#createFont(int, InputStream)} copies the font to a
     * temporary file ({@code +~JF*.tmp}, 760 kB) and only then registers the shutdown hook that
     * deletes it: a JVM that exits in between (a run refused in its first 100 ms, while the chart
     * warm-up loads the font) left the file behind in the temporary folder (found in QA's second
     * pass). {@link #closeForExit} waits for a load in progress and stops any later one.
     */
    private static final Object LOADING = new Object();
    private static boolean closed; // guarded by LOADING

    private ChartFonts() {
    }

    /** Call right before the JVM exits: waits for a font being loaded; afterwards none is loaded. */
    static void closeForExit() {
        synchronized (LOADING) {
            closed = true;
        }
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
                synchronized (LOADING) {
                    if (closed) {
                        throw new IllegalStateException("the JVM is exiting; no chart is drawn");
                    }
                    return Font.createFont(Font.TRUETYPE_FONT, in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled font " + resource, e);
            } catch (FontFormatException e) {
                throw new IllegalStateException("the bundled font " + resource + " is damaged", e);
            }
        }
    }
}

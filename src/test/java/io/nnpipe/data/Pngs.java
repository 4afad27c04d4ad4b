package io.nnpipe.data;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small test images with the JDK's ImageIO: gray, RGB(A), palette, 16-bit, JPEG. */
final class Pngs {
    private Pngs() {
    }

    /** An 8-bit gray PNG of {@code h} rows of {@code w} values (row-major). */
    static Path gray(Path file, int h, int w, int... values) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, w, h, values);
        return write(img, "png", file);
    }

    /** A 16-bit gray PNG. */
    static Path gray16(Path file, int h, int w, int... values) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setPixels(0, 0, w, h, values);
        return write(img, "png", file);
    }

    /** An 8-bit RGB PNG; {@code rgb} holds R, G, B per pixel, pixels row-major. */
    static Path rgb(Path file, int h, int w, int... rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        img.getRaster().setPixels(0, 0, w, h, rgb); // the raster's bands are R, G, B whatever the storage
        return write(img, "png", file);
    }

    /** An 8-bit RGBA PNG; {@code rgba} holds R, G, B, A per pixel. */
    static Path rgba(Path file, int h, int w, int... rgba) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
        img.getRaster().setPixels(0, 0, w, h, rgba);
        return write(img, "png", file);
    }

    /** A palette PNG: {@code palette} holds R, G, B, A per entry, {@code indices} one per pixel. */
    static Path palette(Path file, int h, int w, int[] palette, int... indices) {
        int n = palette.length / 4;
        byte[][] c = new byte[4][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                c[k][i] = (byte) palette[4 * i + k];
            }
        }
        IndexColorModel icm = new IndexColorModel(8, n, c[0], c[1], c[2], c[3]);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, icm);
        WritableRaster r = img.getRaster();
        r.setPixels(0, 0, w, h, indices);
        return write(img, "png", file);
    }

    /** A gray JPEG. */
    static Path jpeg(Path file, int h, int w) {
        return write(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), "jpg", file);
    }

    private static Path write(BufferedImage img, String format, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no " + format + " writer for " + img);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

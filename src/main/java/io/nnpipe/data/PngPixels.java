package io.nnpipe.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one PNG file into the values of one sample: channels-first planes ({@code [c][h][w]},
 * R, G, B for three channels), each value the stored 8-bit sample 0..255. Decoding is the JDK's
 * ({@code javax.imageio}); PNG is lossless, so every JVM gives the same values. The stored samples
 * are taken from the raster as they are: no colour management (gAMA, iCCP, sRGB chunks are
 * ignored, as every common PNG reader does for training data). Rules (docs/data.md "Image folders"):
 * <ul>
 * <li>only PNG (recognised by its signature, not the name); JPEG is refused because JVMs are not
 * bound to decode it to the same pixels; 16-bit PNGs are refused;</li>
 * <li>gray images of 1, 2 or 4 bits are expanded to 0..255 exactly (v·255/(2^bits−1));</li>
 * <li>palette images give their palette's colours;</li>
 * <li>an alpha channel (or a tRNS transparency) must be fully opaque everywhere;</li>
 * <li>a one-channel network takes gray images, and colour ones whose R, G and B are equal in every
 * pixel; a three-channel network takes colour images, and gray ones with the value repeated in
 * all three planes (lossless);</li>
 * <li>the image must be exactly the input's height and width (nothing is resized).</li>
 * </ul>
 * Not thread-safe (one reusable decoder); one instance per reading thread.
 */
final class PngPixels {
    /** Larger image files are refused unread: 64 MiB holds far more than any image a small CNN takes. */
    static final int MAX_FILE = 64 << 20;
    private static final String JDK_READER = "com.sun.imageio.plugins.png.PNGImageReader";
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private final int channels;
    private final int height;
    private final int width;
    private final ImageReader reader;
    private int[] pixels;

    /** A decoder for samples of {@code channels} (1 or 3) × {@code height} × {@code width}. */
    PngPixels(int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.reader = jdkReader();
    }

    /**
     * The JDK's own PNG reader, even when another ImageIO plugin on the class path (e.g. a jar that
     * registers its own PNG reader) comes first: the values must not depend on the class path.
     */
    private static ImageReader jdkReader() {
        ImageReader first = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("png"); it.hasNext();) {
            ImageReader r = it.next();
            if (r.getClass().getName().equals(JDK_READER)) {
                return r;
            }
            first = first == null ? r : first;
        }
        if (first == null) {
            throw new IllegalStateException("this JVM has no PNG reader in javax.imageio");
        }
        return first; // a JDK without the usual class name: its own reader is all there is
    }

    /**
     * The bytes of the image file {@code f}, refusing one larger than {@value #MAX_FILE} bytes (a
     * file put there by mistake, which would otherwise be read whole into memory).
     */
    static byte[] readFile(java.nio.file.Path f) throws IOException, Refused {
        long size = java.nio.file.Files.size(f);
        if (size > MAX_FILE) {
            throw new Refused("expected a PNG image of at most " + MAX_FILE + " bytes, found a file of " + size
                    + " bytes");
        }
        return java.nio.file.Files.readAllBytes(f);
    }

    /** Thrown for a file that is not a PNG this tool reads; the message says why, for a person. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Decodes {@code png} into {@code dst[0 .. channels·height·width)} as unsigned bytes.
     *
     * @throws Refused naming what is wrong (not PNG, 16-bit, size, transparency, colour)
     */
    void decode(byte[] png, byte[] dst) throws Refused {
        if (!startsWith(png, SIGNATURE)) {
            throw new Refused(notPng(png));
        }
        int w = png.length >= 24 ? int32(png, 16) : -1;
        int h = png.length >= 24 ? int32(png, 20) : -1;
        int bits = png.length >= 25 ? png[24] & 0xFF : -1;
        if (png.length < 26 || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new Refused("expected a PNG image, found a file that starts like one but has no IHDR header;"
                    + " is it complete?");
        }
        if (bits == 16) {
            throw new Refused("expected an 8-bit PNG, found 16 bits per sample: 16-bit PNGs are not read"
                    + " (convert to 8 bits, e.g. with ImageMagick: convert IN -depth 8 OUT)");
        }
        if (w != width || h != height) {
            throw new Refused("expected an image of height " + height + " and width " + width
                    + " (data.input_shape), found height " + h + " and width " + w + " (images are not resized)");
        }
        requireEnd(png);
        BufferedImage image = read(png);
        Raster raster = image.getRaster();
        if (raster.getWidth() != width || raster.getHeight() != height) {
            throw new Refused("expected an image of height " + height + " and width " + width + ", found height "
                    + raster.getHeight() + " and width " + raster.getWidth());
        }
        int bands = raster.getNumBands();
        int n = width * height;
        if (pixels == null || pixels.length < n * bands) {
            pixels = new int[n * bands];
        }
        raster.getPixels(0, 0, width, height, pixels);
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            fromPalette(icm, dst, n);
        } else {
            fromSamples(cm, bands, raster.getSampleModel().getSampleSize(0), dst, n);
        }
    }

    private BufferedImage read(byte[] png) throws Refused {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw new Refused("expected a complete, undamaged PNG image, found one that cannot be decoded (" + why(e)
                    + "); is the file cut short or damaged? Open it, or write it again");
        } finally {
            reader.setInput(null);
        }
    }

    /**
     * Refuses a file without its IEND chunk: cut short. ImageIO reads such a file when its pixel data
     * are complete (it checks no CRC and stops at the end of the deflate stream), where PIL and libpng
     * refuse it; a cut file is a broken copy, and the next one may not be whole (QA's tenth pass).
     * Bytes after IEND are left alone (some tools append data).
     */
    private static void requireEnd(byte[] png) throws Refused {
        for (int i = png.length - 8; i >= 33; i--) { // after signature and IHDR: a 0 length, then "IEND"
            if (png[i + 4] == 'I' && png[i + 5] == 'E' && png[i + 6] == 'N' && png[i + 7] == 'D' && png[i] == 0
                    && png[i + 1] == 0 && png[i + 2] == 0 && png[i + 3] == 0) {
                return;
            }
        }
        throw new Refused("expected a complete PNG image, ending with its IEND chunk, found " + png.length
                + " bytes without it: the file is cut short (an interrupted copy or download?); write it again");
    }

    /**
     * The decoder's message with its causes' ({@code Error reading PNG image data: Unexpected end of
     * ZLIB input stream}): ImageIO's own message alone rarely says what is wrong.
     */
    private static String why(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(m);
            }
        }
        return b.toString();
    }

    /** Palette images: each index gives its palette entry's colour and alpha. */
    private void fromPalette(IndexColorModel icm, byte[] dst, int n) throws Refused {
        for (int p = 0; p < n; p++) {
            int i = pixels[p];
            checkOpaque(icm.getAlpha(i), 255, p);
            put(dst, p, n, icm.getRed(i), icm.getGreen(i), icm.getBlue(i), true);
        }
    }

    /** Gray, gray + alpha, RGB, RGBA: samples as stored (gray of fewer than 8 bits expanded). */
    private void fromSamples(ColorModel cm, int bands, int bits, byte[] dst, int n) throws Refused {
        boolean alpha = cm.hasAlpha();
        int colours = alpha ? bands - 1 : bands;
        int max = (1 << bits) - 1;
        int factor = 255 / max; // exact for 1, 2, 4 and 8 bits: 255, 85, 17, 1
        for (int p = 0, k = 0; p < n; p++, k += bands) {
            if (alpha) {
                checkOpaque(pixels[k + bands - 1], max, p);
            }
            if (colours == 1) {
                int v = pixels[k] * factor;
                put(dst, p, n, v, v, v, false);
            } else {
                put(dst, p, n, pixels[k] * factor, pixels[k + 1] * factor, pixels[k + 2] * factor, true);
            }
        }
    }

    private void put(byte[] dst, int p, int n, int r, int g, int b, boolean colour) throws Refused {
        if (channels == 3) {
            dst[p] = (byte) r;
            dst[n + p] = (byte) g;
            dst[2 * n + p] = (byte) b;
            return;
        }
        if (colour && (r != g || g != b)) {
            throw new Refused("expected a gray image (data.input_shape has 1 channel), found a colour image: the"
                    + " pixel at row " + (p / width) + ", column " + (p % width) + " (from 0) has R, G, B = " + r
                    + ", " + g + ", " + b + "; convert the images to gray yourself (nnpipe does not choose a"
                    + " conversion), or give the network 3 channels");
        }
        dst[p] = (byte) r;
    }

    private void checkOpaque(int a, int max, int p) throws Refused {
        if (a != max) {
            throw new Refused("expected a fully opaque image, found transparency: the pixel at row " + (p / width)
                    + ", column " + (p % width) + " (from 0) has alpha " + a + " of " + max + " (nnpipe does not"
                    + " choose a background: flatten the images onto one first)");
        }
    }

    /** Says what a file that is not PNG is, by its first bytes. */
    private static String notPng(byte[] b) {
        String found;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "expected a PNG image, found a JPEG image: JPEG is not read, because JVMs are not bound to"
                    + " decode it to the same pixels (and it is lossy); convert the images to PNG, which every JVM"
                    + " decodes identically";
        } else if (startsWith(b, new byte[] {'G', 'I', 'F', '8'})) {
            found = "a GIF image";
        } else if (startsWith(b, new byte[] {'B', 'M'})) {
            found = "a BMP image";
        } else if (startsWith(b, new byte[] {'I', 'I', '*', 0}) || startsWith(b, new byte[] {'M', 'M', 0, '*'})) {
            found = "a TIFF image";
        } else if (b.length >= 12 && startsWith(b, new byte[] {'R', 'I', 'F', 'F'}) && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            found = "a WebP image";
        } else if (b.length == 0) {
            found = "an empty file";
        } else {
            found = "a file that is not a PNG image (it does not start with the PNG signature 89 50 4E 47 0D 0A 1A 0A)";
        }
        return "expected a PNG image, found " + found + "; only PNG images are read: convert it to PNG, or move it"
                + " out of the folder";
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}

package io.nnpipe.output;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Encodes an image as PNG (8 bits per channel; RGB when every pixel is opaque, else RGBA): the
 * {@code IHDR}, one {@code IDAT} and {@code IEND} chunks, nothing else (no time, no DPI, no
 * gamma), so the same pixels always give the same bytes. The compression is zlib's
 * ({@link Deflater}, default level); every row uses PNG's "Up" filter (the difference to the row
 * above), which suits charts: mostly flat colour, crossed by lines.
 *
 * <p>Why not ImageIO: in a fresh JVM its PNG writer costs its plug-in registry (a service scan and
 * some forty classes) and an adaptive filter pass (five filters tried on every row) whose loop the
 * JIT compiles on the run's critical two cores — about 0.4 s of CPU for one chart
 * (docs/performance.md). This fixed filter writes the doc example's chart in 44 kB instead of 51.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int RGB = 2;
    private static final int RGBA = 6;

    private PngEncoder() {
    }

    /** The PNG file of {@code image}. */
    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = pixels(image);
        boolean alpha = false;
        for (int p : argb) {
            alpha |= p >>> 24 != 0xff;
        }
        int channels = alpha ? 4 : 3;
        ByteArrayOutputStream png = new ByteArrayOutputStream(width * height / 4 + 1024);
        png.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8; // bits per channel
        header[9] = (byte) (alpha ? RGBA : RGB);
        // compression, filter method and interlace: 0 (the only ones PNG defines, no interlace)
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", compressedRows(argb, width, height, channels));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** The pixels as ARGB, row by row: an ARGB image's own array (getRGB converts pixel by pixel). */
    private static int[] pixels(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_ARGB && image.getRaster().getDataBuffer() instanceof DataBufferInt d
                && d.getNumBanks() == 1 && d.getOffset() == 0 && d.getSize() == image.getWidth() * image.getHeight()) {
            return d.getData();
        }
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** Each row as filter byte 2 ("Up") and the differences to the row above, zlib-compressed. */
    private static byte[] compressedRows(int[] argb, int width, int height, int channels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 4 + 64);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        byte[] above = new byte[width * channels];
        byte[] row = new byte[width * channels];
        byte[] line = new byte[width * channels + 1];
        line[0] = 2;
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater, 1 << 16)) {
            for (int y = 0; y < height; y++) {
                for (int x = 0, o = 0, i = y * width; x < width; x++, i++) {
                    int p = argb[i];
                    row[o++] = (byte) (p >> 16);
                    row[o++] = (byte) (p >> 8);
                    row[o++] = (byte) p;
                    if (channels == 4) {
                        row[o++] = (byte) (p >>> 24);
                    }
                }
                for (int k = 0; k < row.length; k++) {
                    line[k + 1] = (byte) (row[k] - above[k]);
                }
                z.write(line);
                byte[] swap = above;
                above = row;
                row = swap;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress the image", e); // a byte array does not fail
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** Length, type, data and the CRC-32 of type and data. */
    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] head = new byte[8];
        putInt(head, 0, data.length);
        for (int i = 0; i < 4; i++) {
            head[4 + i] = (byte) type.charAt(i);
        }
        CRC32 crc = new CRC32();
        crc.update(head, 4, 4);
        crc.update(data);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        png.writeBytes(head);
        png.writeBytes(data);
        png.writeBytes(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}

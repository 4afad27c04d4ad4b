package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The PNG encoder, checked by decoding with ImageIO (an independent reader). */
class PngEncoderTest {

    @Test
    void opaqueImageIsRgbAndDecodesToTheSamePixels() throws IOException {
        BufferedImage img = image(false);
        byte[] png = PngEncoder.encode(img);
        assertEquals(2, png[25], "colour type 2: RGB");
        assertSamePixels(img, ImageIO.read(new ByteArrayInputStream(png)));
    }

    @Test
    void translucentPixelsMakeItRgbaAndKeepTheirAlpha() throws IOException {
        BufferedImage img = image(true);
        byte[] png = PngEncoder.encode(img);
        assertEquals(6, png[25], "colour type 6: RGBA");
        assertSamePixels(img, ImageIO.read(new ByteArrayInputStream(png)));
    }

    @Test
    void onlyHeaderDataAndEndChunks() {
        String text = new String(PngEncoder.encode(image(false)), StandardCharsets.ISO_8859_1);
        assertEquals(12, text.indexOf("IHDR"));
        assertEquals(-1, text.indexOf("tIME"));
        assertEquals(-1, text.indexOf("pHYs"));
        assertEquals(text.length() - 8, text.indexOf("IEND"), "IEND last");
    }

    /** 37 × 11 pixels of every kind of neighbour difference; translucent in places if asked. */
    private static BufferedImage image(boolean translucent) {
        BufferedImage img = new BufferedImage(37, 11, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int alpha = translucent && (x + y) % 5 == 0 ? 40 * y % 256 : 255;
                img.setRGB(x, y, alpha << 24 | (x * 37 + y * 11) % 256 << 16 | (x * y * 13) % 256 << 8 | (255 - x * 7) % 256);
            }
        }
        return img;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        int w = expected.getWidth();
        int h = expected.getHeight();
        assertEquals(w, actual.getWidth());
        assertEquals(h, actual.getHeight());
        assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), actual.getRGB(0, 0, w, h, null, 0, w));
    }
}

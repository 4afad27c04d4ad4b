package io.nnpipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.nnpipe.output.RunManifest;
import io.nnpipe.pipeline.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders ({folder: DIR}): class and sample order, exact pixel values, the digest run.yaml records. */
class ImageFolderTest {
    @TempDir
    Path tmp;

    private Pipeline read(String shape, int classes, String dataKeys) {
        return DataFiles.read(DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config(shape, classes, dataKeys)));
    }

    @Test
    void classesAreTheSubfolderNamesInCodePointOrder() {
        // UTF-16 order would put U+1F600 (surrogates D83D..) before U+FF21; code points put it last
        List<String> names = List.of("b", "\uD83D\uDE00", "B", "a", "\uFF21", "\u00e9", "Z");
        for (int i = 0; i < names.size(); i++) {
            Pngs.gray(tmp.resolve("train").resolve(names.get(i)).resolve("x.png"), 1, 1, i);
        }
        Pipeline p = read("[1, 1, 1]", 7, "train: {folder: train}");
        List<String> order = List.of("B", "Z", "a", "b", "\u00e9", "\uFF21", "\uD83D\uDE00");
        assertEquals(order, classNames(p));
        for (int k = 0; k < order.size(); k++) {
            assertEquals(k, p.train().label(k));
            assertArrayEquals(new double[] {names.indexOf(order.get(k))}, DataFiles.inputs(p.train())[k]);
        }
    }

    @Test
    void samplesGoClassByClassAndFileByFileInCodePointOrder() {
        String[] files = {"2.png", "10.png", "a.png", "B.png", "\u00e4.png"};
        for (int i = 0; i < files.length; i++) {
            Pngs.gray(tmp.resolve("train/one").resolve(files[i]), 1, 1, 10 + i);
            Pngs.gray(tmp.resolve("train/0zero").resolve(files[i]), 1, 1, 100 + i);
        }
        Pipeline p = read("[1, 1, 1]", 2, "train: {folder: train}");
        double[][] x = DataFiles.inputs(p.train());
        // 10.png, 2.png, B.png, a.png, ä.png: indices 1, 0, 3, 2, 4 of the list above
        int[] expected = {101, 100, 103, 102, 104, 11, 10, 13, 12, 14};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], x[i][0], "sample " + i);
            assertEquals(i < 5 ? 0 : 1, p.train().label(i));
        }
    }

    @Test
    void grayValuesAreTheStoredBytesBeforeScale() {
        Pngs.gray(tmp.resolve("train/a/x.png"), 2, 3, 0, 1, 127, 128, 254, 255);
        Pngs.gray(tmp.resolve("train/b/y.png"), 2, 3, 9, 8, 7, 6, 5, 4);
        Pipeline p = read("[1, 2, 3]", 2, "train: {folder: train}\nscale: 255");
        assertArrayEquals(new double[] {0, 1 / 255.0, 127 / 255.0, 128 / 255.0, 254 / 255.0, 1}, DataFiles.inputs(p.train())[0]);
        assertEquals(1, p.train().label(1));
    }

    @Test
    void rgbImagesGiveChannelsFirstPlanesRThenGThenB() {
        Pngs.rgb(tmp.resolve("train/a/x.png"), 1, 2, 1, 2, 3, 250, 251, 252);
        Pngs.rgba(tmp.resolve("train/b/y.png"), 1, 2, 7, 8, 9, 255, 0, 128, 255, 255); // opaque alpha is fine
        Pipeline p = read("[3, 1, 2]", 2, "train: {folder: train}");
        double[][] x = DataFiles.inputs(p.train());
        assertArrayEquals(new double[] {1, 250, 2, 251, 3, 252}, x[0]);
        assertArrayEquals(new double[] {7, 0, 8, 128, 9, 255}, x[1]);
    }

    @Test
    void paletteImagesGiveTheirPaletteColours() {
        int[] palette = {10, 20, 30, 255, 200, 100, 0, 255};
        Pngs.palette(tmp.resolve("train/a/x.png"), 1, 3, palette, 1, 0, 1);
        Pngs.gray(tmp.resolve("train/b/y.png"), 1, 3, 1, 2, 3);
        Pipeline p = read("[3, 1, 3]", 2, "train: {folder: train}");
        assertArrayEquals(new double[] {200, 10, 200, 100, 20, 100, 0, 30, 0}, DataFiles.inputs(p.train())[0]);
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3, 1, 2, 3}, DataFiles.inputs(p.train())[1],
                "a gray image in an RGB network: its value in all three planes");
    }

    @Test
    void colourImagesWithEqualChannelsAreGrayForOneChannel() {
        Pngs.rgb(tmp.resolve("train/a/x.png"), 1, 2, 5, 5, 5, 77, 77, 77);
        Pngs.palette(tmp.resolve("train/b/y.png"), 1, 2, new int[] {0, 0, 0, 255, 9, 9, 9, 255}, 1, 0);
        Pipeline p = read("[1, 1, 2]", 2, "train: {folder: train}");
        assertArrayEquals(new double[] {5, 77}, DataFiles.inputs(p.train())[0]);
        assertArrayEquals(new double[] {9, 0}, DataFiles.inputs(p.train())[1]);
    }

    @Test
    void hiddenEntriesAreSkippedAndClassNamesAreRecorded() throws Exception {
        Pngs.gray(tmp.resolve("train/cat/x.png"), 1, 1, 1);
        Pngs.gray(tmp.resolve("train/dog/x.png"), 1, 1, 2);
        DataFiles.write(tmp.resolve("train/.DS_Store"), "junk");
        DataFiles.write(tmp.resolve("train/dog/._x.png"), "AppleDouble");
        Files.createDirectories(tmp.resolve("train/.ipynb_checkpoints"));
        Pipeline p = read("[1, 1, 1]", 2, "train: {folder: train, class_names: [cat, dog]}");
        assertEquals(2, p.train().size());
        assertEquals(List.of("cat", "dog"), classNames(p));
    }

    @Test
    void limitAndSplitWorkOnTheSampleOrder() {
        for (int i = 0; i < 4; i++) {
            Pngs.gray(tmp.resolve("train/a/" + i + ".png"), 1, 1, i);
            Pngs.gray(tmp.resolve("train/b/" + i + ".png"), 1, 1, 10 + i);
        }
        Pipeline limited = read("[1, 1, 1]", 2, "train: {folder: train, limit: 5}");
        assertEquals(5, limited.train().size());
        assertArrayEquals(new double[] {10}, DataFiles.inputs(limited.train())[4]);
        assertEquals(List.of(), limited.warnings());
        Pipeline classZero = read("[1, 1, 1]", 2, "train: {folder: train, limit: 3}");
        assertEquals(1, classZero.warnings().size());
        assertEquals(tmp.resolve("c.yaml") + ":4:19: data.train.folder: warning: limit: 3 keeps the first samples of"
                + " the image folder, which go class by class, so they hold only its first 1 of 2 classes; to"
                + " train on fewer images of every class, use a folder with fewer images per class",
                classZero.warnings().get(0).toString());
        Pipeline split = read("[1, 1, 1]", 2, "train: {folder: train}\nsplit: {test: 0.25, seed: 3}");
        assertEquals(6, split.train().size());
        assertEquals(2, split.test().size());
    }

    @Test
    void aClassFolderLinkedToAnotherClassesFolderIsWarnedOf() throws Exception {
        Pngs.gray(tmp.resolve("linked/a/0.png"), 1, 1, 1);
        Pngs.gray(tmp.resolve("linked/c/0.png"), 1, 1, 2);
        Files.createSymbolicLink(tmp.resolve("linked/b"), tmp.resolve("linked/a"));
        Pipeline p = read("[1, 1, 1]", 3, "train: {folder: linked}");
        assertEquals(3, p.train().size()); // read as torchvision reads it: a's image is class 0 and class 1
        assertArrayEquals(new double[] {1}, DataFiles.inputs(p.train())[1]);
        assertEquals(List.of(tmp.resolve("c.yaml") + ":4:19: data.train.folder: warning: the class folders 'a' and 'b'"
                + " are one folder (" + tmp.resolve("linked/a").toRealPath() + ", reached through a symbolic link), so"
                + " its images are samples of both classes; replace the link with the images that class should hold"),
                p.warnings().stream().map(Object::toString).toList());
        Pngs.gray(tmp.resolve("plain/a/0.png"), 1, 1, 1);
        Pngs.gray(tmp.resolve("plain/b/0.png"), 1, 1, 2);
        Files.createSymbolicLink(tmp.resolve("plain/c"), tmp.resolve("linked/c")); // a link, but to no other class
        assertEquals(List.of(), read("[1, 1, 1]", 3, "train: {folder: plain}").warnings());
    }

    @Test
    void theDigestIsTheSha256OfTheImagesSha256sumLines() throws Exception {
        Path a = Pngs.gray(tmp.resolve("data/train/a/x.png"), 1, 1, 1);
        Path b = Pngs.gray(tmp.resolve("data/train/b/y.png"), 1, 1, 2);
        Path config = DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config("[1, 1, 1]", 2, "train: {folder: data/train}"));
        String lines = sha(Files.readAllBytes(a)) + "  a/x.png\n" + sha(Files.readAllBytes(b)) + "  b/y.png\n";
        RunManifest.DataFile f = dataFile(config);
        assertEquals(new RunManifest.DataFile("train", "data/train/", sha(lines.getBytes(StandardCharsets.UTF_8)),
                Files.size(a) + Files.size(b)), f);
        Pngs.gray(b, 1, 1, 3); // one changed pixel changes the folder's digest
        assertNotEquals(f.sha256(), dataFile(config).sha256());
    }

    private RunManifest.DataFile dataFile(Path config) {
        RunManifest m = RunManifest.begin(DataFiles.read(config), new RunManifest.Request(config, List.of(), 1));
        assertEquals(1, m.dataFiles().size());
        return m.dataFiles().get(0);
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @SuppressWarnings("unchecked")
    static List<String> classNames(Pipeline p) {
        Map<String, Object> data = (Map<String, Object>) p.resolved().get("data");
        return (List<String>) ((Map<String, Object>) data.get("train")).get("class_names");
    }

    @Test
    void grayImagesOfFewerBitsAreExpandedToTheFullRange() throws Exception {
        java.awt.image.BufferedImage bits = new java.awt.image.BufferedImage(3, 1,
                java.awt.image.BufferedImage.TYPE_BYTE_BINARY);
        bits.getRaster().setPixels(0, 0, 3, 1, new int[] {1, 0, 1});
        Files.createDirectories(tmp.resolve("train/a"));
        javax.imageio.ImageIO.write(bits, "png", tmp.resolve("train/a/x.png").toFile());
        assertEquals(1, Files.readAllBytes(tmp.resolve("train/a/x.png"))[24], "a 1-bit PNG");
        Pngs.gray(tmp.resolve("train/b/y.png"), 1, 3, 1, 2, 3);
        Pipeline p = read("[1, 1, 3]", 2, "train: {folder: train}");
        assertArrayEquals(new double[] {255, 0, 255}, DataFiles.inputs(p.train())[0]);
    }
}

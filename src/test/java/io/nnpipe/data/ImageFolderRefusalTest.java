package io.nnpipe.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every image-folder refusal names the file, the YAML path, what was expected and found; all at once. */
class ImageFolderRefusalTest {
    @TempDir
    Path tmp;

    private List<Problem> problems(String shape, int classes, String dataKeys) {
        return DataFiles.problems(DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config(shape, classes, dataKeys)));
    }

    private List<Problem> problems() {
        return problems("[1, 2, 2]", 2, "train: {folder: train}");
    }

    private Path good(String path) {
        return Pngs.gray(tmp.resolve(path), 2, 2, 1, 2, 3, 4);
    }

    private static void assertOne(List<Problem> problems, Path file, String message) {
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(file + ": data.train.folder: " + message, problems.get(0).toString());
    }

    @Test
    void jpegIsRefusedSayingWhy() {
        good("train/a/x.png");
        Path jpg = Pngs.jpeg(tmp.resolve("train/b/y.png"), 2, 2); // named .png: content decides
        assertOne(problems(), jpg, "expected a PNG image, found a JPEG image: JPEG is not read, because JVMs are not"
                + " bound to decode it to the same pixels (and it is lossy); convert the images to PNG, which every"
                + " JVM decodes identically");
    }

    @Test
    void otherFilesAreRefusedAndEveryProblemIsReportedAtOnce() {
        good("train/a/x.png");
        Path text = DataFiles.write(tmp.resolve("train/a/notes.txt"), "hello");
        Path wide = Pngs.gray(tmp.resolve("train/b/wide.png"), 2, 3, 1, 2, 3, 4, 5, 6);
        Path deep = Pngs.gray16(tmp.resolve("train/b/deep.png"), 2, 2, 1, 2, 3, 60000);
        List<Problem> p = problems();
        assertEquals(3, p.size(), p::toString);
        assertTrue(p.get(0).toString().startsWith(text + ": data.train.folder: expected a PNG image, found a file that is"
                + " not a PNG image"), p.get(0)::toString);
        assertEquals(deep + ": data.train.folder: expected an 8-bit PNG, found 16 bits per sample: 16-bit PNGs are not"
                + " read (convert to 8 bits, e.g. with ImageMagick: convert IN -depth 8 OUT)", p.get(1).toString());
        assertEquals(wide + ": data.train.folder: expected an image of height 2 and width 2 (data.input_shape), found"
                + " height 2 and width 3 (images are not resized)", p.get(2).toString());
    }

    @Test
    void transparencyIsRefusedNamingThePixel() {
        good("train/a/x.png");
        Path alpha = Pngs.rgba(tmp.resolve("train/b/y.png"), 2, 2, 1, 1, 1, 255, 2, 2, 2, 255, 3, 3, 3, 254, 4, 4, 4, 255);
        Path pal = Pngs.palette(tmp.resolve("train/b/z.png"), 2, 2, new int[] {0, 0, 0, 255, 5, 5, 5, 0}, 0, 0, 0, 1);
        List<Problem> p = problems();
        assertEquals(2, p.size(), p::toString);
        assertEquals(alpha + ": data.train.folder: expected a fully opaque image, found transparency: the pixel at row 1,"
                + " column 0 (from 0) has alpha 254 of 255 (nnpipe does not choose a background: flatten the images"
                + " onto one first)", p.get(0).toString());
        assertTrue(p.get(1).toString().startsWith(pal + ": data.train.folder: expected a fully opaque image, found"
                + " transparency: the pixel at row 1, column 1"), p.get(1)::toString);
    }

    @Test
    void aColourImageForAGrayNetworkIsRefused() {
        good("train/a/x.png");
        Path colour = Pngs.rgb(tmp.resolve("train/b/y.png"), 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5);
        assertOne(problems(), colour, "expected a gray image (data.input_shape has 1 channel), found a colour image:"
                + " the pixel at row 1, column 1 (from 0) has R, G, B = 4, 4, 5; convert the images to gray yourself"
                + " (nnpipe does not choose a conversion), or give the network 3 channels");
    }

    @Test
    void theLayoutIsChecked() throws Exception {
        good("train/a/x.png");
        Files.createDirectories(tmp.resolve("train/b"));
        Path stray = DataFiles.write(tmp.resolve("train/README.txt"), "about");
        Path nested = good("train/a/deeper/x.png").getParent();
        List<Problem> p = problems();
        assertEquals(3, p.size(), p::toString);
        assertEquals(stray + ": data.train.folder: expected only class folders in " + tmp.resolve("train") + " (each"
                + " subfolder is a class), found a file; move it out (names starting with '.' are skipped)",
                p.get(0).toString());
        assertEquals(nested + ": data.train.folder: expected PNG images in the class folder a, found a folder (class"
                + " folders are not searched further)", p.get(1).toString());
        assertEquals(tmp.resolve("train/b") + ": data.train.folder: expected PNG images in the class folder of class 1"
                + " (b), found none", p.get(2).toString());
    }

    @Test
    void theClassFoldersMustBeTheNetworksClasses() {
        good("train/a/x.png");
        good("train/b/x.png");
        good("train/c/x.png");
        List<Problem> p = problems();
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).toString().endsWith("data.train.folder: expected 2 class folders (the network has 2"
                + " outputs; data.classes, if given, says the same), found 3 in " + tmp.resolve("train") + ": [a, b, c]"),
                p.get(0)::toString);
    }

    @Test
    void classNamesGivenMustBeTheFolders() {
        good("train/a/x.png");
        good("train/b/x.png");
        List<Problem> p = problems("[1, 2, 2]", 2, "train: {folder: train, class_names: [b, a]}");
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).toString().endsWith("data.train.class_names: expected the class folders of "
                + tmp.resolve("train") + " in code-point order, [a, b], found [b, a]"), p.get(0)::toString);
    }

    @Test
    void aTestFolderMustHoldTheSameClasses() {
        good("train/cat/x.png");
        good("train/dog/x.png");
        good("test/cat/x.png");
        good("test/cow/x.png");
        List<Problem> p = problems("[1, 2, 2]", 2, "train: {folder: train}\ntest: {folder: test}");
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).toString().endsWith("data.test.folder: expected the test folder to hold the training"
                + " folder's class folders [cat, dog], found [cat, cow] (class k must mean the same class in both)"),
                p.get(0)::toString);
    }

    @Test
    void theFolderAndTheShapeAreChecked() {
        List<Problem> missing = problems();
        assertTrue(missing.get(0).toString().endsWith("data.train.folder: no such folder: " + tmp.resolve("train")),
                missing::toString);
        good("train/a/x.png");
        good("train/b/x.png");
        List<Problem> flat = problems("[4]", 2, "train: {folder: train}");
        assertTrue(flat.get(0).toString().endsWith("data.train.folder: an image folder needs data.input_shape [1, HEIGHT,"
                + " WIDTH] (gray) or [3, HEIGHT, WIDTH] (RGB), found [4] (for a dense network, read [1, h, w] and"
                + " begin with a flatten layer)"), flat::toString);
        List<Problem> both = problems("[1, 2, 2]", 2, "train: {folder: train, csv: x.csv}");
        assertTrue(both.get(0).toString().endsWith("data.train.csv: give one data source: 'folder', 'csv', 'images'"
                + " and 'labels', or 'npy', not two"), both::toString);
    }

    @Test
    void atMostTwentyProblemsAreListedThenTheFoldersCountAfterThem() {
        good("train/a/x.png");
        for (int i = 0; i < 25; i++) {
            Path empty = tmp.resolve("train/b" + i);
            DataFiles.write(empty.resolve("x.png"), new byte[0]);
        }
        List<Problem> p = problems("[1, 2, 2]", 26, "train: {folder: train}");
        assertEquals(21, p.size(), p::toString);
        assertEquals(tmp.resolve("train/b0/x.png") + ": data.train.folder: expected a PNG image, found an empty file; only"
                + " PNG images are read: convert it to PNG, or move it out of the folder", p.get(0).toString());
        // the count stands at the folder, after its files' problems (its path sorts before theirs)
        assertEquals(tmp.resolve("train") + ": data.train.folder: 5 more problems in this folder not shown", p.get(20).toString());
    }

    @Test
    void predictListsAFoldersCountAfterItsImagesProblems() {
        Path in = tmp.resolve("new");
        for (int i = 0; i < 22; i++) {
            DataFiles.write(in.resolve(String.format("%02d.png", i)), new byte[0]);
        }
        io.nnpipe.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.nnpipe.config.ConfigException.class,
                () -> InputImages.read(in, io.nnpipe.tensor.Shape.of(1, 2, 2), PixelTransform.NONE));
        assertEquals(21, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).toString().startsWith(in.resolve("00.png") + ": expected a PNG image"));
        assertEquals(in + ": 2 more problems in this folder not shown", e.problems().get(20).toString());
    }

    @Test
    void aPngCutShortIsRefusedEvenWhenItsPixelDataAreWhole() throws Exception {
        good("train/a/x.png");
        byte[] whole = Files.readAllBytes(Pngs.gray(tmp.resolve("whole.png"), 2, 2, 1, 2, 3, 4));
        // only the IDAT's CRC and the IEND chunk cut off: ImageIO alone would decode it (PIL and libpng refuse it)
        Path cut = DataFiles.write(tmp.resolve("train/b/cut.png"), java.util.Arrays.copyOf(whole, whole.length - 16));
        // cut inside the pixel data: signature 8 + IHDR 25 + the IDAT's length and type 8, then 3 bytes of its data
        Path early = DataFiles.write(tmp.resolve("train/b/early.png"), java.util.Arrays.copyOf(whole, 8 + 25 + 8 + 3));
        List<Problem> p = problems();
        assertEquals(List.of(cut + ": data.train.folder: expected a complete PNG image, ending with its IEND chunk, found "
                + (whole.length - 16) + " bytes without it: the file is cut short (an interrupted copy or download?);"
                + " write it again", early + ": data.train.folder: expected a complete PNG image, ending with its IEND"
                + " chunk, found 44 bytes without it: the file is cut short (an interrupted copy or download?); write it"
                + " again"), p.stream().map(Problem::toString).toList());
    }

    @Test
    void aDamagedPngIsRefusedWithTheDecodersReason() throws Exception {
        good("train/a/x.png");
        byte[] png = Files.readAllBytes(Pngs.gray(tmp.resolve("whole.png"), 2, 2, 1, 2, 3, 4));
        png[png.length - 12 - 4 - 1] ^= 1; // the zlib stream's Adler-32 (before the IDAT's CRC and IEND)
        Path damaged = DataFiles.write(tmp.resolve("train/b/damaged.png"), png);
        assertOne(problems(), damaged, "expected a complete, undamaged PNG image, found one that cannot be decoded (Error"
                + " reading PNG image data: incorrect data check); is the file cut short or damaged? Open it, or write"
                + " it again");
    }

    @Test
    void predictInputImagesAreCheckedAsTrainingImagesAre() {
        Path in = tmp.resolve("new");
        good("new/a.png");
        Path jpg = Pngs.jpeg(in.resolve("b.png"), 2, 2);
        Path small = Pngs.gray(in.resolve("c.png"), 1, 2, 1, 2);
        io.nnpipe.tensor.Shape shape = io.nnpipe.tensor.Shape.of(1, 2, 2);
        io.nnpipe.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.nnpipe.config.ConfigException.class, () -> InputImages.read(in, shape, PixelTransform.NONE));
        assertEquals(2, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).toString().startsWith(jpg + ": expected a PNG image, found a JPEG image"));
        assertTrue(e.problems().get(1).toString().startsWith(small + ": expected an image of height 2 and width 2"));
        good("new/sub/d.png");
        e = org.junit.jupiter.api.Assertions.assertThrows(io.nnpipe.config.ConfigException.class,
                () -> InputImages.read(in, shape, PixelTransform.NONE));
        assertTrue(e.problems().get(0).toString().startsWith(in.resolve("sub") + ": expected the PNG images to predict"
                + " directly in " + in + ", found a folder"), e.problems()::toString);
    }
}

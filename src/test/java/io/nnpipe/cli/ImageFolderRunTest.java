package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.tensor.Rng;
import io.nnpipe.testing.Cli;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from an image folder: the same bits as the same images written as inline samples (in
 * the documented sample order), on any thread count; run.yaml names the classes and the folder's
 * digest, and {@code --resume} refuses a changed image.
 */
class ImageFolderRunTest {
    private static final String[] CLASSES = {"cat", "dog", "eel"};
    private static final int PER_CLASS = 3;

    @TempDir
    Path tmp;

    private static String config(int channels, String train) {
        return "seed: 4\nepochs: 3\nbatch_size: 2\nshuffle: true\n"
                + "data:\n  input_shape: [" + channels + ", 4, 4]\n  train: " + train + "\n  scale: 255\n  normalize: train\n"
                + "layers:\n"
                + "  - {type: conv2d, out_channels: 2, kernel: 2}\n"
                + "  - {type: relu}\n"
                + "  - {type: max_pool2d, kernel: 3}\n"
                + "  - {type: flatten}\n"
                + "  - {type: dense, units: 3}\n"
                + "loss: softmax_cross_entropy\n"
                + "optimizer: {type: adam, learning_rate: 0.01}\n";
    }

    /**
     * Writes the folder (files named so that name order differs from writing order) and returns the
     * same samples as inline YAML, in sample order: class by class, files by code point.
     */
    private String writeFolder(Path root, int channels) throws Exception {
        Rng rng = Rng.derive(7, "test/image-folder");
        List<String> inline = new ArrayList<>();
        for (int c = 0; c < CLASSES.length; c++) {
            String[] names = {"b.png", "a.png", "C.png"}; // sample order: C.png, a.png, b.png
            String[] rows = new String[names.length];
            for (int k = 0; k < names.length; k++) {
                BufferedImage img = new BufferedImage(4, 4, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY
                        : BufferedImage.TYPE_3BYTE_BGR);
                int[] px = new int[16 * channels];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (int) (rng.nextDouble() * 256);
                }
                img.getRaster().setPixels(0, 0, 4, 4, px);
                Path file = root.resolve(CLASSES[c]).resolve(names[k]);
                Files.createDirectories(file.getParent());
                ImageIO.write(img, "png", file.toFile());
                StringBuilder values = new StringBuilder();
                for (int ch = 0; ch < channels; ch++) { // pixels interleaved in the raster, planes in the sample
                    for (int p = 0; p < 16; p++) {
                        values.append(values.length() == 0 ? "" : ", ").append(px[p * channels + ch]);
                    }
                }
                rows[k] = "    - {label: " + c + ", input: [" + values + "]}";
            }
            inline.add(rows[2]);
            inline.add(rows[1]);
            inline.add(rows[0]);
        }
        return "\n" + String.join("\n", inline);
    }

    private Path train(Path config, String name, String... extra) {
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("-q", "--no-report", config.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return out;
    }

    private void assertSameFiles(Path a, Path b) throws Exception {
        for (String f : List.of("loss.csv", "epochs.csv", "weights/epoch-0003.csv")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }

    @Test
    void grayFolderTrainsTheSameBitsAsInlineSamplesOnAnyThreadCount() throws Exception {
        String inline = writeFolder(tmp.resolve("train"), 1);
        Path folder = Files.writeString(tmp.resolve("folder.yaml"), config(1, "{folder: train}"));
        Path samples = Files.writeString(tmp.resolve("inline.yaml"), config(1, inline));
        Path one = train(folder, "one", "--threads", "1");
        assertSameFiles(train(samples, "inline"), one);
        assertSameFiles(one, train(folder, "two", "--threads", "2"));
        String manifest = Files.readString(one.resolve("run.yaml"));
        assertTrue(manifest.contains("      class_names: [cat, dog, eel]\n"), manifest);
        assertTrue(manifest.contains("- path: train/\n"), manifest);
    }

    @Test
    void rgbFolderTrainsTheSameBitsAsInlineSamples() throws Exception {
        String inline = writeFolder(tmp.resolve("train"), 3);
        Path folder = Files.writeString(tmp.resolve("folder.yaml"), config(3, "{folder: train}"));
        Path samples = Files.writeString(tmp.resolve("inline.yaml"), config(3, inline));
        assertSameFiles(train(samples, "inline"), train(folder, "folder"));
    }

    @Test
    void resumeRefusesAChangedImage() throws Exception {
        writeFolder(tmp.resolve("train"), 1);
        Path folder = Files.writeString(tmp.resolve("folder.yaml"), config(1, "{folder: train}"));
        Path run = train(folder, "run", "--epochs", "1");
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(img, "png", tmp.resolve("train/dog/a.png").toFile());
        Cli.Result r = Cli.run("-q", "--no-report", folder.toString(), "--resume", run.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("the data differ from those the run was started with (was train file train/ with"
                + " SHA-256 "), r.err());
    }

    @Test
    void predictReadsAPngOrAFolderOfThemAndNamesFilesAndClasses() throws Exception {
        String inline = writeFolder(tmp.resolve("train"), 1);
        Path folder = Files.writeString(tmp.resolve("folder.yaml"), config(1, "{folder: train}"));
        Path run = train(folder, "run");
        String weights = run.resolve("weights/epoch-0003.csv").toString();
        Cli.Result dir = Cli.run("predict", "-q", folder.toString(), "--weights", weights, "--input",
                tmp.resolve("train/dog").toString());
        assertEquals(0, dir.exit(), dir::toString);
        String[] rows = dir.out().split("\n");
        assertEquals("sample,file,predicted,predicted_name,output_0,output_1,output_2", rows[0]);
        assertEquals(4, rows.length);
        assertTrue(rows[1].startsWith("1,C.png,") && rows[2].startsWith("2,a.png,") && rows[3].startsWith("3,b.png,"),
                dir.out());
        String[] first = rows[1].split(",");
        assertEquals(List.of("cat", "dog", "eel").get(Integer.parseInt(first[2])), first[3]);
        // the same pixels as CSV give the same outputs, bit for bit
        StringBuilder csv = new StringBuilder("v");
        for (int i = 1; i < 16; i++) {
            csv.append(",v").append(i);
        }
        csv.append('\n');
        String[] samples = inline.split("\n");
        for (int k = 4; k <= 6; k++) { // the dog samples, in sample order
            csv.append(samples[k].replaceAll(".*input: \\[(.*)\\]}", "$1").replace(" ", "")).append('\n');
        }
        Path table = Files.writeString(tmp.resolve("dog.csv"), csv);
        Cli.Result fromCsv = Cli.run("predict", "-q", folder.toString(), "--weights", weights, "--input", table.toString());
        assertEquals(0, fromCsv.exit(), fromCsv::toString);
        String[] csvRows = fromCsv.out().split("\n");
        assertEquals("sample,predicted,predicted_name,output_0,output_1,output_2", csvRows[0]);
        for (int k = 1; k <= 3; k++) {
            assertEquals(csvRows[k], rows[k].replaceFirst(",[^,]*\\.png,", ","));
        }
        Cli.Result one = Cli.run("predict", "-q", folder.toString(), "--weights", weights, "--input",
                tmp.resolve("train/dog/a.png").toString());
        assertEquals("1,a.png," + rows[2].substring("2,a.png,".length()), one.out().split("\n")[1]);
    }
}

package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} names the classes when the config's data do (an image folder): the CSV gains
 * {@code true_name}/{@code predicted_name}, {@code --predictions} gains {@code label_name}/{@code predicted_name},
 * the table lists them; with those columns taken out, the files are the bytes the same samples
 * written inline (no names) give.
 */
class EvaluateClassNamesTest {
    private static final String[] CLASSES = {"cat", "dog, big", "eel"};

    @TempDir
    Path tmp;

    private static String config(String train) {
        return "seed: 2\nepochs: 1\nbatch_size: 2\n"
                + "data:\n  input_shape: [1, 2, 2]\n  train: " + train + "\n  scale: 255\n"
                + "layers:\n  - {type: flatten}\n  - {type: dense, units: 3}\n"
                + "loss: softmax_cross_entropy\noptimizer: {type: sgd, learning_rate: 0.5}\n";
    }

    /** Two images per class; returns the same samples as inline YAML. */
    private String writeFolder() throws Exception {
        StringBuilder inline = new StringBuilder();
        for (int c = 0; c < CLASSES.length; c++) {
            for (int k = 0; k < 2; k++) {
                int[] px = {40 * c + k, 200 - 50 * c, 17 * k + c, 90 + 30 * c * k};
                BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setPixels(0, 0, 2, 2, px);
                Path file = tmp.resolve("images").resolve(CLASSES[c]).resolve(k + ".png");
                Files.createDirectories(file.getParent());
                ImageIO.write(img, "png", file.toFile());
                inline.append("\n    - {label: ").append(c).append(", input: ").append(Arrays.toString(px)).append('}');
            }
        }
        return inline.toString();
    }

    private Cli.Result evaluate(Path config, Path weights, String name) {
        Cli.Result r = Cli.run("evaluate", "-q", config.toString(), "--weights", weights.toString(), "--data", "train",
                "--out", tmp.resolve(name + ".csv").toString(), "--predictions", tmp.resolve(name + "-p.csv").toString());
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    /** The CSV without the named columns (by header name; a quoted name holds a comma). */
    private static String without(Path file, String... columns) throws Exception {
        List<String> out = new ArrayList<>();
        List<Integer> drop = null;
        for (String line : Files.readAllLines(file)) {
            List<String> fields = new ArrayList<>(Arrays.asList(line.replace("\"dog, big\"", "dog; big").split(",", -1)));
            if (drop == null) {
                drop = Arrays.stream(columns).map(fields::indexOf).sorted((a, b) -> b - a).toList();
                assertTrue(drop.stream().allMatch(i -> i >= 0), line);
            }
            drop.forEach(i -> fields.remove((int) i));
            out.add(String.join(",", fields));
        }
        return out.stream().collect(Collectors.joining("\n"));
    }

    @Test
    void evaluateNamesTheClassesOfAnImageFolderAndOtherwiseWritesTheSameBytes() throws Exception {
        String inline = writeFolder();
        Path folder = Files.writeString(tmp.resolve("folder.yaml"), config("{folder: images}"));
        Path plain = Files.writeString(tmp.resolve("inline.yaml"), config(inline));
        assertEquals(0, Cli.run("-q", folder.toString(), "--out", tmp.resolve("run").toString()).exit());
        Path weights = tmp.resolve("run/weights/epoch-0001.csv");
        Cli.Result named = evaluate(folder, weights, "named");
        Cli.Result unnamed = evaluate(plain, weights, "plain");
        String csv = Files.readString(tmp.resolve("named.csv"));
        assertTrue(csv.startsWith("metric,true_class,true_name,predicted_class,predicted_name,value\nsamples,,,,,6\n"), csv);
        assertTrue(csv.contains("\nconfusion,1,\"dog, big\",2,eel,"), csv);
        assertEquals(Files.readString(tmp.resolve("plain.csv")).strip(),
                without(tmp.resolve("named.csv"), "true_name", "predicted_name"));
        String predictions = Files.readString(tmp.resolve("named-p.csv"));
        assertTrue(predictions.startsWith("sample,label,label_name,predicted,predicted_name,loss,output_0"), predictions);
        assertTrue(predictions.contains("\n3,1,\"dog, big\","), predictions);
        assertEquals(Files.readString(tmp.resolve("plain-p.csv")).strip(),
                without(tmp.resolve("named-p.csv"), "label_name", "predicted_name"));
        assertTrue(named.out().endsWith("classes: 0 = cat, 1 = dog, big, 2 = eel\n"), named::toString);
        assertEquals(unnamed.out().replace(plain.toString(), ""), named.out().replace(folder.toString(), "")
                .replace("classes: 0 = cat, 1 = dog, big, 2 = eel\n", ""));
    }
}

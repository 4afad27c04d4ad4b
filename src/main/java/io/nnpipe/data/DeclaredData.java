package io.nnpipe.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a config's {@code data} says about its files without their samples being read, for
 * {@code predict} (a trained network on other samples, on a machine that may not hold the training
 * data): the files it names, whether its training samples are class labels, and what to do when
 * {@code normalize: train} has no training files to compute from. Works on the resolved config
 * ({@code Pipeline.resolved()}, as run.yaml records it), whose file paths are relative to the
 * config's folder.
 */
public final class DeclaredData {
    /** Where a run folder's run.yaml records the statistics that {@code normalize: train} computed. */
    public static final String RECORDED_AT = "resolved_config.data.normalize";
    /** A header longer than this is not a CSV header this tool would read. */
    private static final int MAX_HEADER = 1 << 20;

    private DeclaredData() {
    }

    /**
     * Whether the outputs are classes, and, when the config alone had to decide it, the assumption
     * made (null when the answer is the one reading the training set gives).
     */
    public record Classes(boolean classes, String assumption) {
    }

    /**
     * Whether the samples of a training <em>file</em> source have class labels, as reading them would
     * find ({@code Metrics.hasClasses}), without reading them: IDX sources and image folders always
     * do (a labels file; the class folders), a NumPy source when it has a labels array (not targets);
     * a CSV does when its header names a {@code label} column (else it names {@code target...}
     * columns), so only its first line is read. When the CSV is absent (or unreadable) its samples
     * cannot say: then they are classes exactly when {@code data.classes} is given, and the
     * assumption is returned in words. Inline samples are read, never declared: not taken here.
     */
    public static Classes ofTraining(Map<String, Object> resolved, Path baseDir) {
        Map<?, ?> data = (Map<?, ?>) resolved.get("data");
        if (!(data.get("train") instanceof Map<?, ?> train)) {
            throw new IllegalArgumentException("inline training samples are read, not declared");
        }
        if (train.containsKey("images") || train.containsKey("folder")) {
            return new Classes(true, null);
        }
        if (train.containsKey("npy")) { // a labels array: classes; a targets array: not
            return new Classes(train.containsKey("labels"), null);
        }
        Path file = located(String.valueOf(train.get("csv")), baseDir);
        Boolean label = file == null ? null : headerNamesLabel(file);
        if (label != null) {
            return new Classes(label, null);
        }
        boolean declared = data.get("classes") instanceof Number n && n.intValue() > 0;
        return new Classes(declared, "the training file " + file + " is not here to say whether its samples are class"
                + " labels or targets: " + (declared ? "the predicted column is filled, as data.classes is given"
                : "the predicted column is left empty; give data.classes in the config to have it filled"));
    }

    /**
     * The class names of a training image folder, in class-index order: {@code class_names} as the
     * resolved config holds them (given, or recorded from the folder when it was read), else the
     * class folders of {@code data.train.folder} when it is here (listed, no image read); null for
     * other sources, or when neither says.
     */
    public static List<String> classNames(Map<String, Object> resolved, Path baseDir) {
        Map<?, ?> data = (Map<?, ?>) resolved.get("data");
        if (!(data.get("train") instanceof Map<?, ?> train) || !train.containsKey("folder")) {
            return null;
        }
        if (train.get("class_names") instanceof List<?> names) {
            return names.stream().map(String::valueOf).toList();
        }
        Path dir = located(String.valueOf(train.get("folder")), baseDir);
        return dir == null ? null : ImageFolder.classFolders(dir);
    }

    /** The data files the config names (train, then test), whether they exist or not. */
    public static List<Path> files(Map<String, Object> resolved, Path baseDir) {
        Map<?, ?> data = (Map<?, ?>) resolved.get("data");
        List<Path> files = new ArrayList<>();
        for (String set : List.of("train", "test")) {
            if (data.get(set) instanceof Map<?, ?> source) {
                for (String key : List.of("csv", "images", "labels", "npy", "targets", "folder")) {
                    Path f = source.get(key) instanceof String s ? located(s, baseDir) : null;
                    if (f != null) {
                        files.add(f);
                    }
                }
            }
        }
        return files;
    }

    /**
     * The problem of {@code normalize: train} without its training file {@code absent}: what to do
     * instead (give the data, or write the statistics the run recorded into the config).
     */
    static String normalizeAdvice(Path absent, String fetch) {
        return "the statistics are computed from the training data, and " + absent + " does not exist"
                + (fetch == null ? "" : " (fetch the data with: " + fetch + ")") + ": give the training data, or"
                + " write the statistics into the config as normalize: {from: train, mean: [...], std: [...]},"
                + " copied from the run folder's run.yaml, where a run records them under " + RECORDED_AT;
    }

    private static Path located(String text, Path baseDir) {
        try {
            return DataSource.located(text, baseDir);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Whether the CSV's header line names a {@code label} column; null when the file cannot be read. */
    private static Boolean headerNamesLabel(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return null;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (OpenedFile opened = OpenedFile.open(file)) {
            InputStream in = opened.in();
            for (int b = in.read(); b >= 0 && b != '\n' && line.size() < MAX_HEADER; b = in.read()) {
                line.write(b);
            }
        } catch (IOException e) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        for (String name : (text.startsWith("\uFEFF") ? text.substring(1) : text).split(",", -1)) {
            if (CsvColumns.unquote(name.strip()).equals("label")) {
                return true;
            }
        }
        return false;
    }
}

package io.nnpipe.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The folder a run writes into, and the names of everything it writes there. Preparing it checks
 * that it can be written before any training starts, and removes the outputs of an earlier run
 * (only files this tool writes; anything else in the folder is left alone).
 */
public final class RunFolder {
    public static final String LOSS = "loss.csv";
    public static final String EPOCHS = "epochs.csv";
    public static final String TRACE = "trace.csv";
    public static final String WEIGHTS = "weights";
    /** The run manifest, written last (see {@link RunManifest}). */
    public static final String MANIFEST = "run.yaml";
    /** The resume state, replaced after every epoch (see {@link Checkpoint}). */
    public static final String CHECKPOINT = "checkpoint.txt";
    /** The loss chart, as an image and as a vector drawing. */
    public static final String LOSS_PNG = "loss.png";
    public static final String LOSS_SVG = "loss.svg";
    /** The run report page. */
    public static final String REPORT = "report.html";
    private static final List<String> OUTPUTS = List.of(LOSS, EPOCHS, TRACE, MANIFEST, CHECKPOINT, LOSS_PNG, LOSS_SVG,
            REPORT);

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** The folder without touching the disk. */
    public static RunFolder at(Path dir) {
        return new RunFolder(dir);
    }

    /**
     * The default folder of a run named after its config file: {@code runs/<name>}, the name
     * reduced to letters, digits, '.', '_' and '-' and never "." or ".." (a config file named
     * {@code ...yaml} must not make the run write into the current folder).
     */
    public static Path defaultDir(String configName) {
        String safe = configName.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "");
        return Path.of("runs", safe.isEmpty() ? "run" : safe);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** The snapshot file of an epoch: {@code weights/epoch-0007.csv}. */
    public Path snapshot(int epoch) {
        String digits = Integer.toString(epoch); // not String.format: its parser costs start-up time
        return dir.resolve(WEIGHTS).resolve("epoch-" + "0000".substring(Math.min(4, digits.length())) + digits + ".csv");
    }

    /**
     * Refuses a folder in which this run would delete or replace a file it reads (the config, a data
     * file): a data file named
     * {@code epochs.csv} in the folder given as {@code --out} was deleted before training read it
     * (found in QA's second pass: the user's data was gone, and the run failed with "cannot read
     * epochs.csv"). Compares real paths, so links and spellings of the folder do not matter.
     *
     * @throws RunFolderException naming the file
     */
    public void refuseReplacing(List<Path> inputs) {
        if (!Files.isDirectory(dir)) {
            return; // a folder still to be created holds no input
        }
        try {
            Path real = dir.toRealPath();
            for (Path in : inputs) {
                Path file = Files.exists(in) ? in.toRealPath() : null;
                if (file != null && file.startsWith(real) && isOutput(real.relativize(file))) {
                    throw new RunFolderException("the run folder " + dir + " would replace " + in + ", which the run"
                            + " reads and which has the name of one of its outputs; choose another --out, or rename"
                            + " the file");
                }
            }
        } catch (IOException e) {
            // unreadable: prepare() reports the folder in its own words
        }
    }

    private static boolean isOutput(Path rel) {
        String name = rel.toString().replace('\\', '/');
        String plain = name.startsWith(".") && name.endsWith(".tmp") ? name.substring(1, name.length() - 4) : name;
        return OUTPUTS.contains(plain) || name.equals(RunLock.FILE)
                || name.matches(WEIGHTS + "/\\.?epoch-[^/]*\\.csv(\\.tmp)?");
    }

    /**
     * Creates the folder (and {@code weights/}), proves it writable, and removes earlier outputs.
     *
     * @throws UncheckedIOException with a message naming the folder when it cannot be written
     */
    public void prepare() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UncheckedIOException("cannot write the run folder " + dir + ": it is a file, not a folder",
                    new java.nio.file.NotDirectoryException(dir.toString()));
        }
        try {
            Files.createDirectories(dir.resolve(WEIGHTS));
            // A fixed probe name: createTempFile would seed a SecureRandom, ~30 ms of start-up.
            Path probe = dir.resolve(".write-check.tmp");
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
            for (String name : OUTPUTS) {
                Files.deleteIfExists(dir.resolve(name));
            }
            deleteMatching(dir.resolve(WEIGHTS), "epoch-*.csv");
            // temporary files of an earlier run that was killed while writing (AtomicFiles names
            // them ".<output>.tmp"); only ours: the folder may hold other programs' ".x.tmp" files
            for (String name : OUTPUTS) {
                Files.deleteIfExists(dir.resolve("." + name + ".tmp"));
            }
            deleteMatching(dir.resolve(WEIGHTS), ".epoch-*.csv.tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run folder " + dir + ": " + describe(e), e);
        }
    }

    private static void deleteMatching(Path folder, String glob) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(folder, glob)) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
    }

    /** An I/O failure on a run folder in words: which file, and why (an AccessDeniedException's message is only the path). */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a folder";
        }
        if (e instanceof FileSystemException f) {
            return (f.getReason() != null ? f.getReason() : "cannot create or write it") + " (" + f.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

package io.nnpipe.cli;

import io.nnpipe.pipeline.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses an output file that is one of the files the command reads: the config, the snapshot,
 * the samples, a data file of the config. Found in QA's fifth pass: {@code predict --out} naming
 * its own {@code --input} replaced the user's samples with the predictions, and {@code evaluate
 * --out} or {@code predict --out} naming the snapshot replaced the weights with the results (the
 * next command then failed on them). Compares files, not spellings ({@link Files#isSameFile}), so
 * {@code ./x.csv}, an absolute path or a link are all caught; a file that does not exist yet is
 * no input. Checked before anything is written.
 */
final class OutputGuard {
    private final List<Path> files = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();

    /** Records a file the command reads, with what it is ("the snapshot (--weights)"). */
    OutputGuard reads(Path file, String role) {
        files.add(file);
        roles.add(role);
        return this;
    }

    /** Records the config and every data file it names (training and test sets). */
    OutputGuard readsConfig(Path config, Pipeline p) {
        reads(config, "the config");
        for (Path f : p.train().sources()) {
            reads(f, "a data file of the config");
        }
        for (Path f : p.test() == null ? List.<Path>of() : p.test().sources()) {
            reads(f, "a data file of the config");
        }
        return this;
    }

    /**
     * Throws a {@link UsageException} when {@code out} (given as {@code option}) is a recorded input,
     * or when two outputs are one file.
     */
    void refuse(String option, Path out) {
        for (int i = 0; i < files.size(); i++) {
            if (same(out, files.get(i))) {
                throw new UsageException(option + " " + out + " is " + roles.get(i) + ", which this command reads;"
                        + " writing there would replace it: choose another file");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // unreadable: the write itself reports it in its own words
        }
    }
}

package io.nnpipe.output;

import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.train.Trainer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares a run folder to continue from its last {@link Checkpoint}: checks that the checkpoint
 * belongs to this config (same resolved config and data files, unless a change is explicitly
 * allowed) and fits the network, restores the parameters, buffers and optimizer state, cuts
 * {@code loss.csv}, {@code epochs.csv} and {@code trace.csv} back to exactly the rows the
 * checkpoint counted (a killed process may have written rows after it), and removes snapshots and
 * the manifest written after it. Every check runs before anything on disk or in memory changes.
 * What differs between the checkpointed run and this one is told by {@link ResumeDifferences}.
 */
public final class Resume {
    private static final Pattern SNAPSHOT = Pattern.compile("epoch-(\\d{1,9})\\.csv");
    static final String MIXING = "Resuming would mix two different runs in one folder; start a new run,"
            + " restore what the run used (config, data files, plugin jars), or pass --allow-config-change to continue"
            + " anyway";
    private final RunFolder folder;
    private final boolean allowConfigChange;

    /** A log file to be cut to its first {@code keep} bytes. */
    private record Cut(Path file, long keep) {
    }

    /**
     * @throws RunFolderException when the folder or its checkpoint is missing: checked here, before
     *         the folder is locked, since taking the lock creates the folder and its lock file (QA's
     *         fifth pass: {@code --resume} of a mistyped folder created it, then said it had no checkpoint)
     */
    public Resume(RunFolder folder, boolean allowConfigChange) {
        this.folder = folder;
        this.allowConfigChange = allowConfigChange;
        if (!Files.isDirectory(folder.dir())) {
            throw new RunFolderException("cannot resume: " + folder.dir() + " is not a run folder (no such directory)");
        }
        if (!Files.exists(folder.file(RunFolder.CHECKPOINT))) {
            Checkpoint.read(folder); // throws, naming what is missing
        }
    }

    /**
     * Restores the state and prepares the logs; the trainer is set to continue after the
     * checkpoint's epoch.
     *
     * @return the checkpoint resumed from
     * @throws RunFolderException when the folder cannot be resumed with this config (nothing changed)
     */
    public Checkpoint apply(Pipeline pipeline, Trainer trainer, RunManifest identity) {
        if (!Files.isDirectory(folder.dir())) {
            throw new RunFolderException("cannot resume: " + folder.dir() + " is not a run folder (no such directory)");
        }
        Checkpoint c = Checkpoint.read(folder);
        String change = ResumeDifferences.changes(c, identity);
        if (change != null && !allowConfigChange) {
            throw new RunFolderException("cannot resume " + folder.dir() + ": " + change + ". " + MIXING);
        }
        checkCursor(c, pipeline, trainer);
        if (change == null) { // with another config, which snapshots the earlier epochs wrote is not known here
            checkSnapshots(c, pipeline.settings().snapshotEvery(), pipeline.settings().epochs());
        }
        List<Cut> cuts = new ArrayList<>();
        for (Cut cut : new Cut[] {plan(c, RunFolder.LOSS, LossLog.LOSS_HEADER, 1, c.step()),
            plan(c, RunFolder.EPOCHS, LossLog.EPOCHS_HEADER, 0, c.epoch()), plan(c, RunFolder.TRACE, TraceLog.HEADER, -1, 0)}) {
            if (cut != null) {
                cuts.add(cut);
            }
        }
        c.restore(pipeline.network(), trainer.optimizer());
        cutAndClean(cuts, c.epoch());
        trainer.resumeAfter(c.epoch());
        return c;
    }

    /** The checkpoint's epoch and step must be a place this config's run passes through. */
    private void checkCursor(Checkpoint c, Pipeline pipeline, Trainer trainer) {
        int epochs = pipeline.settings().epochs();
        if (c.epoch() > epochs) {
            throw refuse("its checkpoint is after epoch " + c.epoch() + " but the config trains " + epochs + " epochs");
        }
        if (c.step() != c.epoch() * trainer.stepsPerEpoch()) {
            throw refuse("its checkpoint is at step " + c.step() + " after epoch " + c.epoch() + ", but this config makes "
                    + trainer.stepsPerEpoch() + " steps per epoch (batch_size or the training data changed)");
        }
    }

    /**
     * Every snapshot the run wrote up to its checkpoint must still be there: resuming writes only
     * the later ones, and the earlier ones cannot be made again without training those epochs again,
     * so a folder missing some would end up not what an uninterrupted run writes (QA: resuming a run
     * whose {@code weights/} was deleted wrote only the later snapshots, silently).
     */
    private void checkSnapshots(Checkpoint c, int every, int lastEpoch) {
        List<String> missing = new ArrayList<>();
        for (int e = 0; e <= c.epoch(); e++) {
            if ((e % every == 0 || e == lastEpoch) && !Files.isRegularFile(folder.snapshot(e))) {
                missing.add(folder.dir().relativize(folder.snapshot(e)).toString().replace('\\', '/'));
            }
        }
        if (!missing.isEmpty()) {
            String list = String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "");
            throw refuse(list + (missing.size() == 1 ? " is" : " are") + " missing: the run wrote "
                    + (missing.size() == 1 ? "it" : "them") + " before its checkpoint after epoch " + c.epoch()
                    + ", and only training those epochs again can make " + (missing.size() == 1 ? "it" : "them")
                    + " again. Restore the missing file" + (missing.size() == 1 ? "" : "s")
                    + " from a copy, or start the run again without --resume");
        }
    }

    /** Cuts the logs back, removes later snapshots and the stale manifest. */
    private void cutAndClean(List<Cut> cuts, int epoch) {
        try {
            for (Cut cut : cuts) {
                try (FileChannel ch = FileChannel.open(cut.file(), StandardOpenOption.WRITE)) {
                    ch.truncate(cut.keep());
                }
            }
            removeLaterSnapshots(epoch);
            Files.deleteIfExists(folder.file(RunFolder.MANIFEST));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + folder.dir() + " for resuming: " + RunFolder.describe(e), e);
        }
    }

    /**
     * Plans cutting a log to its header and the rows the checkpoint counted for it, checking the header and, when
     * {@code keyColumn >= 0}, that the last row kept has {@code key} in that column. A missing
     * file that should hold no rows needs no cut (null): appending then starts it afresh, exactly.
     */
    private Cut plan(Checkpoint c, String name, String header, int keyColumn, long key) {
        long rows = c.rows().getOrDefault(name, 0L);
        Path file = folder.file(name);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long offset = 0;
            long seen = -1;
            String last = null;
            while (seen < rows) {
                line.reset();
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    line.write(b);
                }
                if (b < 0) {
                    break;
                }
                offset += line.size() + 1;
                seen++;
                last = line.toString(StandardCharsets.UTF_8);
                if (seen == 0 && !last.equals(header)) {
                    throw refuse(name + " does not start with the header \"" + header + "\"");
                }
            }
            if (seen < rows) {
                throw refuse(name + " holds " + Math.max(seen, 0) + " complete rows, but the checkpoint after epoch "
                        + c.epoch() + " counted " + rows + " (was the file changed?)");
            }
            if (keyColumn >= 0 && rows > 0 && !String.valueOf(key).equals(last.split(",", -1)[keyColumn])) {
                throw refuse("row " + rows + " of " + name + " is \"" + clip(last) + "\", expected "
                        + header.split(",")[keyColumn] + " " + key + " there");
            }
            return new Cut(file, offset);
        } catch (NoSuchFileException e) {
            if (rows == 0) {
                return null; // nothing of it counted yet: the resumed run writes it afresh, header and all
            }
            throw refuse(name + " is missing, but the checkpoint after epoch " + c.epoch() + " counted " + rows
                    + " row" + (rows == 1 ? "" : "s") + " in it; restore it from a copy, or start the run again"
                    + " without --resume");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private RunFolderException refuse(String why) {
        return new RunFolderException("cannot resume " + folder.dir() + ": " + why);
    }

    private void removeLaterSnapshots(int epoch) throws IOException {
        Path weights = folder.dir().resolve(RunFolder.WEIGHTS);
        if (!Files.isDirectory(weights)) {
            Files.createDirectories(weights);
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(weights, "epoch-*.csv")) {
            for (Path p : files) {
                Matcher m = SNAPSHOT.matcher(p.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) > epoch) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}

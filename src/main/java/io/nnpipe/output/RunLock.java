package io.nnpipe.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One training run at a time in a run folder: a lock on the hidden file {@code .nnpipe.lock} in
 * it, held from before the folder is cleaned (or a checkpoint is resumed) until the manifest is
 * written, and released by the operating system if the process dies. Without it, a second run into
 * the same folder (two terminals, two CI jobs on the default {@code runs/<name>}) deleted the first
 * one's files while the first kept writing into them, and the first then wrote a {@code run.yaml}
 * that described the second one's files (found in QA's second pass).
 *
 * <p>The empty lock file stays in the folder after the run (deleting it on release would let a run
 * that opened it just before lock a file no longer there, beside a third run locking a new one); a
 * killed process's lock is dropped by the operating system. Hidden, it is in no manifest or
 * comparison.
 */
public final class RunLock implements Closeable {
    static final String FILE = ".nnpipe.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder} for this run. A folder that cannot be created or written gets no lock
     * here (null is returned; {@link RunFolder#prepare} reports it in its own words).
     *
     * @throws RunFolderException when another run holds the folder
     */
    public static RunLock acquire(RunFolder folder) {
        Path dir = folder.dir();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return null;
        }
        FileChannel channel;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another run in this JVM
        } catch (IOException e) {
            lock = null;
            close(channel);
            return null; // a file system without locks: run unguarded, as before
        }
        if (lock == null) {
            close(channel);
            throw new RunFolderException(dir + " is in use by another training run (in this or another process);"
                    + " wait for it to end, or choose another folder with --out");
        }
        return new RunLock(channel, lock);
    }

    /**
     * Whether a training run holds {@code dir} now, found without writing anything there (a shared
     * lock through a read-only channel): {@code verify} refuses to compare with a golden folder
     * that a run is still writing (QA, sixth pass). False when there is no lock file or no locking.
     */
    public static boolean isHeld(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by a run in this JVM
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked through it
        }
    }

    /** Releases the lock (the empty file stays: deleting it would let two runs lock two files). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process is ending the run; the operating system drops the lock with the channel
        }
    }
}

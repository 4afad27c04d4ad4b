package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing a run folder removes an earlier run's outputs, and only those. */
class RunFolderTest {
    @TempDir
    Path tmp;

    @Test
    void anEarlierRunsFilesGoAndEverythingElseStays() throws IOException {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir.resolve("weights"));
        List<String> ours = List.of("loss.csv", "epochs.csv", "trace.csv", "run.yaml", "checkpoint.txt", "loss.png",
                "loss.svg", "report.html", ".loss.csv.tmp", ".run.yaml.tmp", ".report.html.tmp",
                "weights/epoch-0000.csv", "weights/epoch-12345.csv", "weights/.epoch-0003.csv.tmp");
        // another program's hidden temporary files were deleted too (".*.tmp"), though the folder
        // is the user's and RunFolder promises to leave anything it did not write alone
        List<String> theirs = List.of("notes.txt", "config.yaml", ".editor-swap.tmp", ".bashrc.tmp",
                "weights/README.txt", "weights/.other.tmp", "evaluation-epoch-0003.csv");
        for (String f : Stream.concat(ours.stream(), theirs.stream()).toList()) {
            Files.writeString(dir.resolve(f), f);
        }
        RunFolder.at(dir).prepare();
        List<String> left;
        try (Stream<Path> walk = Files.walk(dir)) {
            left = walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertEquals(theirs.stream().sorted().toList(), left);
    }

    @Test
    void aFolderThatCannotBeWrittenIsExplainedWithWhyAndWhichFile() {
        // resuming a run in a read-only folder said only "cannot prepare run for resuming: run/loss.csv"
        // (an AccessDeniedException's message is its path alone; QA, sixth pass)
        assertEquals("permission denied (run/loss.csv)", RunFolder.describe(new java.nio.file.AccessDeniedException("run/loss.csv")));
        assertEquals("Read-only file system (run/loss.csv)",
                RunFolder.describe(new java.nio.file.FileSystemException("run/loss.csv", null, "Read-only file system")));
    }
}

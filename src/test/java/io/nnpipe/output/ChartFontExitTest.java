package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that exits while the chart warm-up is loading the bundled font leaves no copy of the font
 * in the temporary folder (QA, second pass: runs refused in their first moments left a 760 kB
 * {@code +~JF*.tmp} file each time the exit fell between the JDK's copy and its clean-up hook).
 */
class ChartFontExitTest {

    @Test
    void exitingWhileTheFontIsBeingCopiedLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path log = dir.resolve("log.txt");
        Process p = Processes.startMain(Processes.currentJava(), dir,
                List.of("-Djava.io.tmpdir=" + tmp, "-Djava.awt.headless=true"), log, ExitDuringFontLoad.class.getName());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe finished");
        assertEquals(0, p.exitValue(), Processes.output(log));
        assertTrue(Processes.output(log).contains("copy seen"), Processes.output(log));
        assertEquals(List.of(), fontCopies(tmp));
    }

    static List<Path> fontCopies(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().startsWith("+~JF")).toList();
        }
    }

    /** Loads the font on a daemon thread and exits, as {@code Main} does, the moment the JDK starts copying it. */
    public static final class ExitDuringFontLoad {
        public static void main(String[] args) throws Exception {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Thread t = new Thread(() -> ChartFonts.sans(12f), "font");
            t.setDaemon(true);
            t.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (fontCopies(tmp).isEmpty() && t.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            System.out.println(fontCopies(tmp).isEmpty() ? "no copy seen" : "copy seen");
            System.out.flush();
            ChartWarmup.beforeExit();
            System.exit(0);
        }
    }
}

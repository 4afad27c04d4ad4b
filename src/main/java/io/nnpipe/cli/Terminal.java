package io.nnpipe.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Whether standard error is a terminal, and how wide it is. Java 17 cannot tell:
 * {@link System#console()} describes standard input and output, so {@code train 2>log} on a terminal
 * looks interactive and {@code train | tee} does not, both wrongly for a progress bar on stderr.
 * This asks the operating system about file descriptor 2 itself, the way {@code isatty(2)} does:
 * on Linux by where {@code /proc/self/fd/2} points (a {@code /dev/pts/N} or {@code /dev/ttyN}
 * device is a terminal; a pipe, socket or file is not); elsewhere on Unix by running
 * {@code test -t 2} with our stderr inherited (what JLine does without native code); on Windows
 * it answers no, so progress is printed as plain lines.
 */
final class Terminal {
    private Terminal() {
    }

    /** Whether {@code err} is this process's stderr and that is an interactive terminal (not {@code TERM=dumb}). */
    static boolean isInteractive(PrintStream err) {
        return err == System.err && !"dumb".equals(System.getenv("TERM")) && stderrIsTerminal();
    }

    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(fd).toString());
            } catch (IOException | SecurityException e) {
                return false;
            }
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        return run(new ProcessBuilder("test", "-t", "2").redirectError(ProcessBuilder.Redirect.INHERIT)) != null;
    }

    /** Whether a device path names a terminal: a pseudo-terminal, a console or a serial line. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }

    /**
     * The terminal's width in columns: {@code COLUMNS} if set, else what {@code stty size} reports
     * for the controlling terminal, else 80.
     */
    static int columns() {
        Integer env = parseColumns(System.getenv("COLUMNS"));
        if (env != null) {
            return env;
        }
        File tty = new File("/dev/tty");
        if (tty.exists()) {
            String size = run(new ProcessBuilder("stty", "size").redirectInput(tty));
            if (size != null) {
                String[] parts = size.trim().split("\\s+");
                Integer cols = parts.length == 2 ? parseColumns(parts[1]) : null;
                if (cols != null) {
                    return cols;
                }
            }
        }
        return 80;
    }

    static Integer parseColumns(String s) {
        try {
            int n = s == null ? 0 : Integer.parseInt(s.trim());
            return n >= 20 && n <= 1000 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs a short command; its standard output if it exits 0 within two seconds, else null. */
    private static String run(ProcessBuilder pb) {
        try {
            Process p = pb.redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

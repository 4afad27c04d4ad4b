package io.nnpipe.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The log level, from {@code -q} (warnings and errors only) and {@code -v} (debug: every epoch).
 * The bundled configuration ({@code log4j2.xml}) writes bare messages to stderr at info level. A
 * user's own Log4j configuration, named by the system property {@code log4j2.configurationFile}
 * or the environment variable {@code LOG4J_CONFIGURATION_FILE}, replaces it; its levels then hold
 * unless {@code -q} or {@code -v} is given, which always win.
 */
final class Logging {
    private static final List<String> PROPERTIES = List.of("log4j2.configurationFile", "log4j.configurationFile");
    private static final String ENVIRONMENT = "LOG4J_CONFIGURATION_FILE";

    private Logging() {
    }

    static void configure(boolean quiet, boolean verbose) {
        if (quiet && verbose) {
            throw new UsageException("-q and -v contradict each other; give one");
        }
        List<String> custom = customFiles();
        if (!custom.isEmpty() && !quiet && !verbose) {
            return;
        }
        Configurator.setRootLevel(quiet ? Level.WARN : verbose ? Level.DEBUG : Level.INFO);
    }

    /**
     * The user's configuration files. A plain path that does not exist is an error: Log4j would
     * otherwise fall back to its default configuration, which prints errors only, to stdout.
     */
    static List<String> customFiles() {
        List<String> values = new ArrayList<>();
        for (String p : PROPERTIES) {
            if (System.getProperty(p) != null) {
                values.add(System.getProperty(p));
            }
        }
        if (values.isEmpty() && System.getenv(ENVIRONMENT) != null) {
            values.add(System.getenv(ENVIRONMENT));
        }
        List<String> files = new ArrayList<>();
        for (String v : values) {
            for (String f : v.split(",")) {
                String name = f.strip();
                if (!name.isEmpty() && !name.contains(":") && !Files.isRegularFile(Path.of(name))) {
                    throw new UsageException("the Log4j configuration file " + name + " does not exist");
                }
                if (!name.isEmpty()) {
                    files.add(name);
                }
            }
        }
        return files;
    }
}

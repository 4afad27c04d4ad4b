package io.nnpipe.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The log level, from {@code -q} (warnings and errors only) and {@code -v} (debug: every epoch).
 * The bundled configuration ({@code log4j2.component.properties} selecting {@link StderrLog})
 * writes bare messages to stderr at info level. A user's own Log4j configuration, named by the
 * system property {@code log4j2.configurationFile} or the environment variable
 * {@code LOG4J_CONFIGURATION_FILE}, replaces it: log4j-core is selected and reads that file; its
 * levels then hold unless {@code -q} or {@code -v} is given, which always win.
 *
 * <p>Log4j picks its provider once per JVM, at the first use of its {@code LogManager}, so
 * {@link #configure} must run before anything logs. With the bundled configuration it does not
 * start Log4j (about 50 ms of a run's start-up); {@link Warmup} or the first log message does.
 */
final class Logging {
    private static final List<String> PROPERTIES = List.of("log4j2.configurationFile", "log4j.configurationFile");
    private static final String ENVIRONMENT = "LOG4J_CONFIGURATION_FILE";
    /** Log4j's property naming its provider (a system property wins over the bundled properties file). */
    private static final String PROVIDER = "log4j.provider";
    private static final String CORE_PROVIDER = "org.apache.logging.log4j.core.impl.Log4jProvider";

    private Logging() {
    }

    /**
     * Sets the level; returns whether the bundled configuration is in use (false: log4j-core with
     * the user's file, or a provider the user chose).
     */
    static boolean configure(boolean quiet, boolean verbose) {
        if (quiet && verbose) {
            throw new UsageException("-q and -v contradict each other; give one");
        }
        List<String> custom = customFiles();
        if (!custom.isEmpty() && System.getProperty(PROVIDER) == null) {
            System.setProperty(PROVIDER, CORE_PROVIDER);
        }
        String provider = System.getProperty(PROVIDER, System.getenv("LOG4J_PROVIDER"));
        boolean bundled = custom.isEmpty() && (provider == null || provider.equals(StderrLog.providerName()));
        Level level = quiet ? Level.WARN : verbose ? Level.DEBUG : Level.INFO;
        if (bundled) {
            StderrLog.setLevel(level); // Log4j itself starts at the first message (or in Warmup)
        } else if (quiet || verbose || custom.isEmpty()) {
            Configurator.setRootLevel(level); // log4j-core: -q/-v win over the user's file
        }
        return bundled;
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

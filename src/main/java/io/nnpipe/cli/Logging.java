package io.nnpipe.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Sets the log level from {@code -q} / {@code -v}; a user configuration file, if given, wins. */
final class Logging {
    private Logging() {
    }

    static void configure(boolean quiet, boolean verbose) {
        if (System.getProperty("log4j2.configurationFile") != null || System.getProperty("log4j.configurationFile") != null
                || System.getenv("LOG4J_CONFIGURATION_FILE") != null) {
            return;
        }
        Level level = quiet ? Level.WARN : verbose ? Level.DEBUG : Level.INFO;
        Configurator.setRootLevel(level);
    }
}

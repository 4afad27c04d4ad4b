package io.nnpipe.cli;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.MessageFactory;
import org.apache.logging.log4j.simple.SimpleLogger;
import org.apache.logging.log4j.spi.ExtendedLogger;
import org.apache.logging.log4j.spi.LoggerContext;
import org.apache.logging.log4j.spi.LoggerContextFactory;
import org.apache.logging.log4j.spi.Provider;
import org.apache.logging.log4j.util.PropertiesUtil;

/**
 * The bundled Log4j 2 configuration: a Log4j API provider that writes each message bare (the
 * pattern {@code %msg%n}, and a throwable's stack trace after it) to the current {@code System.err},
 * at the level {@code -q}/{@code -v} set ({@link Logging}). The bundled
 * {@code log4j2.component.properties} selects it ({@code log4j.provider}).
 *
 * <p>Why not log4j-core for this: starting log4j-core (plugin registry, configuration factory,
 * pattern converters, JMX, shutdown hook) costs 0.4–0.5 s of CPU, which was a third of a whole
 * training run's process (docs/performance.md); this provider costs only what the Log4j API
 * itself loads. When the user names a Log4j configuration file, {@link Logging} selects
 * log4j-core's provider instead, so every appender, layout and filter of Log4j is available
 * exactly as before. Log4j's own {@code SimpleLogger} always prints the level before a
 * message, so it is extended here only to print the message alone.
 *
 * <p>Log4j keeps one logger context per JVM (its {@code LogManager} is global), so the level here
 * is global too, as it is with log4j-core's {@code Configurator}; it is kept here rather than in
 * the context so that {@code -q}/{@code -v} can be applied before Log4j starts (which
 * {@link Warmup} then does off the main thread).
 */
public final class StderrLog extends Provider {
    /** Guards {@link #level} and the loggers' levels, so a logger never misses a change. */
    private static final Object LOCK = new Object();
    private static Level level = Level.INFO;
    private static final Factory FACTORY = new Factory(new Context());

    /** Created by Log4j's {@code LogManager} (by reflection) when {@code log4j.provider} names this class. */
    public StderrLog() {
        super(10, "2.6.0");
    }

    @Override
    public LoggerContextFactory getLoggerContextFactory() {
        return FACTORY;
    }

    /**
     * Sets the level of every logger of this provider, those not created yet included. Needs no
     * {@code LogManager}, so setting the level does not start Log4j.
     */
    static void setLevel(Level newLevel) {
        synchronized (LOCK) {
            level = newLevel;
            FACTORY.context().setLevels(newLevel);
        }
    }

    /** The class name {@code log4j.provider} names to select this provider. */
    static String providerName() {
        return StderrLog.class.getName();
    }

    /** The one context, whatever the caller or class loader. */
    private record Factory(Context context) implements LoggerContextFactory {
        @Override
        public LoggerContext getContext(String fqcn, ClassLoader loader, Object external, boolean currentContext) {
            return context;
        }

        @Override
        public LoggerContext getContext(String fqcn, ClassLoader loader, Object external, boolean currentContext,
                URI configLocation, String name) {
            return context;
        }

        @Override
        public void removeContext(LoggerContext removed) {
            // one context for the life of the JVM
        }

        @Override
        public boolean isClassLoaderDependent() {
            return false;
        }
    }

    /** The loggers by name, all at one level. */
    private static final class Context implements LoggerContext {
        private final Map<String, BareLogger> loggers = new ConcurrentHashMap<>();

        void setLevels(Level newLevel) {
            for (BareLogger l : loggers.values()) {
                l.setLevel(newLevel);
            }
        }

        @Override
        public Object getExternalContext() {
            return null;
        }

        @Override
        public ExtendedLogger getLogger(String name) {
            return getLogger(name, null);
        }

        @Override
        public ExtendedLogger getLogger(String name, MessageFactory messageFactory) {
            BareLogger l = loggers.get(name);
            if (l == null) {
                synchronized (LOCK) {
                    l = loggers.computeIfAbsent(name, n -> new BareLogger(n, level, messageFactory));
                }
            }
            return l;
        }

        @Override
        public boolean hasLogger(String name) {
            return loggers.containsKey(name);
        }

        @Override
        public boolean hasLogger(String name, MessageFactory messageFactory) {
            return loggers.containsKey(name);
        }

        @Override
        public boolean hasLogger(String name, Class<? extends MessageFactory> messageFactoryClass) {
            return loggers.containsKey(name);
        }
    }

    /** Log4j's {@code SimpleLogger} (levels, message formatting) printing only the message. */
    private static final class BareLogger extends SimpleLogger {
        private static final long serialVersionUID = 1L;

        BareLogger(String name, Level level, MessageFactory messageFactory) {
            super(name, level, false, false, false, false, null, messageFactory, PropertiesUtil.getProperties(),
                    System.err);
        }

        @Override
        public void logMessage(String fqcn, Level level, Marker marker, Message message, Throwable thrown) {
            java.io.PrintStream err = System.err;
            err.println(message.getFormattedMessage());
            if (thrown != null) {
                thrown.printStackTrace(err);
            }
        }
    }
}

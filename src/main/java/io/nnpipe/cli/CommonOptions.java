package io.nnpipe.cli;

import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.plugin.Kind;
import io.nnpipe.plugin.Registry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** Options shared by the commands that read a config, and their parsing. */
final class CommonOptions {
    private CommonOptions() {
    }

    /** {@code --weights SNAPSHOT.csv}, required by the commands that load a run's weights; {@code use}: what for. */
    static Option weightsOption(String use) {
        return Option.builder().longOpt("weights").hasArg().argName("SNAPSHOT.csv")
                .desc("the weights to " + use + " (a weights/epoch-NNNN.csv of a run); required").build();
    }

    /** The {@code --weights} file; a usage error when it is missing. */
    static Path weights(CommandLine cmd) {
        if (!cmd.hasOption("weights")) {
            throw new UsageException("missing --weights SNAPSHOT.csv (e.g. runs/NAME/weights/epoch-0010.csv)");
        }
        return Path.of(cmd.getOptionValue("weights"));
    }

    static Options base() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("set").hasArg().argName("PATH=VALUE")
                .desc("override a config value, e.g. optimizer.learning_rate=0.05 (repeatable)").build());
        o.addOption(Option.builder().longOpt("epochs").hasArg().argName("N").desc("set the config's epochs to N (same as --set epochs=N)").build());
        o.addOption(Option.builder("q").longOpt("quiet").desc("print only warnings and errors").build());
        o.addOption(Option.builder("v").longOpt("verbose").desc("print more detail (when training: every epoch)").build());
        o.addOption(Option.builder().longOpt("debug").desc("show stack traces of errors").build());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        o.addOption(Option.builder().longOpt("version").desc("show the version").build());
        o.addOption(Option.builder().longOpt("list-plugins").desc("list every layer, loss, optimizer, initializer and schedule, and which plugin provides it").build());
        return o;
    }

    static CommandLine parse(Options options, String[] args) {
        CommandLine cmd;
        try {
            cmd = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
        // an empty value is a mistake (an unset variable in "--out $DIR"), never a choice: an empty
        // --out or --golden was the working directory, so a run wrote, and cleaned, the folder it
        // was started in (QA, second pass); only a chart title may be empty
        for (Option o : cmd.getOptions()) {
            if (o.hasArg() && !"title".equals(o.getLongOpt()) && o.getValue() != null && o.getValue().isBlank()) {
                throw new UsageException("--" + o.getLongOpt() + ": expected a value, found an empty string"
                        + (Set.of("out", "resume", "golden").contains(o.getLongOpt())
                                ? " (for the current folder, write .)" : ""));
            }
        }
        refuseRepeatedValues(cmd);
        for (String a : cmd.getArgList()) {
            if (a.isBlank()) {
                throw new UsageException("expected a file or folder name, found an empty argument");
            }
        }
        return cmd;
    }

    /**
     * An option that takes one value, given twice with different values, is refused: Commons CLI
     * keeps the first silently, so "--rtol 1 ... --rtol 0" (a CI script overriding a default)
     * compared with a tolerance of 1, and "--out a --out b" wrote into a (QA, sixth pass). Only
     * --set is repeatable.
     */
    private static void refuseRepeatedValues(CommandLine cmd) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (Option o : cmd.getOptions()) {
            String name = o.getLongOpt() != null ? o.getLongOpt() : o.getOpt();
            if (!o.hasArg() || "set".equals(name)) {
                continue;
            }
            String before = seen.putIfAbsent(name, o.getValue());
            if (before != null && !before.equals(o.getValue())) {
                throw new UsageException("--" + name + " is given twice (" + before + " and " + o.getValue()
                        + "); give it once");
            }
        }
    }

    /** The --set values, with --epochs turned into one. */
    static List<String> sets(CommandLine cmd) {
        List<String> sets = new ArrayList<>();
        if (cmd.getOptionValues("set") != null) {
            sets.addAll(List.of(cmd.getOptionValues("set")));
        }
        if (cmd.hasOption("epochs")) {
            sets.add("epochs=" + cmd.getOptionValue("epochs"));
        }
        return sets;
    }

    /** The single config argument. */
    static Path config(CommandLine cmd) {
        List<String> rest = cmd.getArgList();
        if (rest.isEmpty()) {
            throw new UsageException("missing CONFIG.yaml");
        }

        if (rest.size() > 1) {
            throw new UsageException("expected one config file, found " + rest.size() + ": " + String.join(" ", rest));
        }
        return Path.of(rest.get(0));
    }

    /** The commands, as {@link Main} dispatches them. */
    static final List<String> COMMANDS = List.of("train", "validate", "evaluate", "predict", "verify", "plot", "report", "gradcheck");

    /**
     * Refuses a first argument that is no command, file or option but close to a command's name:
     * {@code valdate c.yaml} was "expected one config file, found 2", {@code evalute ... --weights
     * W} "Unrecognized option: --weights" (QA, second pass).
     */
    static void refuseMisspeltCommand(String first) {
        String command = io.nnpipe.config.Messages.didYouMean(first, COMMANDS);
        if (!command.isEmpty() && !first.startsWith("-") && !first.contains(".")
                && !java.nio.file.Files.exists(Path.of(first))) {
            throw new UsageException("unknown command '" + first + "'" + command + "; the commands are "
                    + String.join(", ", COMMANDS));
        }
    }

    static Pipeline read(Registry registry, Path config, List<String> sets) {
        return new PipelineReader(registry).read(config, sets);
    }

    /**
     * Logs the config's likely mistakes ({@link Pipeline#warnings}) as warnings on stderr, one line
     * each: {@code FILE:LINE:COL: PATH: warning: MESSAGE} ({@code -q} still shows them).
     */
    static void warn(Pipeline p) {
        p.warnings().forEach(w -> org.apache.logging.log4j.LogManager.getLogger("nnpipe").warn(w.toString()));
    }

    static void help(PrintStream out, String usage, String header, Options options) {
        HelpFormatter f = new HelpFormatter();
        f.setWidth(100);
        java.io.PrintWriter w = new java.io.PrintWriter(out);
        f.printHelp(w, 100, usage, header, options, 2, 2,
                "\nCommands: train (default), validate, evaluate, predict, verify, plot, report, gradcheck. Exit codes: 0 ok, 1 verify"
                        + " found differences or gradcheck a wrong gradient, 2 bad input, 3 training stopped (non-finite loss, gradient or weight), 70 a bug"
                        + " in nnpipe or in a plugin (the message says which).");
        w.flush();
    }

    static String version() {
        io.nnpipe.output.BuildInfo b = io.nnpipe.output.BuildInfo.load();
        return "nnpipe " + b.version() + " (git commit " + b.commit() + ("true".equals(b.dirty()) ? ", with local changes" : "") + ")";
    }

    /**
     * Answers {@code --version} or {@code --list-plugins}, which every command that lists them in
     * its help accepts without a config; returns whether it did (the command then ends with exit 0).
     * {@code validate}, {@code evaluate} and {@code report} listed both but asked for their
     * arguments instead (QA, fourth pass).
     */
    static boolean answeredInfo(CommandLine cmd, PrintStream out) {
        if (cmd.hasOption("version")) {
            out.println(version());
            return true;
        }
        if (cmd.hasOption("list-plugins")) {
            listPlugins(out, Registry.discover(Main.class.getClassLoader()));
            return true;
        }
        return false;
    }

    static void listPlugins(PrintStream out, Registry registry) {
        out.println("plugins: " + String.join(", ", registry.plugins()));
        for (Kind k : Kind.values()) {
            out.println();
            out.println(k.plural() + ":");
            for (Registry.Entry e : registry.entries(k)) {
                out.printf(java.util.Locale.ROOT, "  %-24s %s%n", e.id(), "plugin " + e.plugin() + " (" + e.origin() + ")");
            }
        }
    }
}

package io.nnpipe.cli;

import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Problem;
import io.nnpipe.output.RunFolderException;
import io.nnpipe.plugin.PluginException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code pipeline [train] [options] CONFIG.yaml}, {@code pipeline validate
 * CONFIG.yaml}, and the other commands listed by {@code --help}. The only class that calls
 * {@link System#exit}; everything else reports through exceptions mapped to the codes in
 * {@link Exit}.
 */
public final class Main {
    private static final List<String> COMMANDS = CommonOptions.COMMANDS;

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // charts are drawn off-screen; never open a display
        }
        int code = run(args, System.out, System.err);
        System.out.flush();
        io.nnpipe.output.ChartWarmup.beforeExit(); // no temporary font file left behind (ChartFonts)
        System.exit(code);
    }

    /** Runs a command line with standard input as its input; returns the exit code. Never throws. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs a command line reading {@code in} where it reads standard input ({@code predict --input -}). */
    public static int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        try {
            String command = args.length > 0 && COMMANDS.contains(args[0]) ? args[0] : "train";
            if (args.length > 0 && !COMMANDS.contains(args[0])) {
                CommonOptions.refuseMisspeltCommand(args[0]);
            }
            String[] rest = args.length > 0 && COMMANDS.contains(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
            return switch (command) {
                case "validate" -> new ValidateCommand(out, err).run(rest);
                case "evaluate" -> new EvaluateCommand(out).run(rest);
                case "predict" -> new PredictCommand(in, out).run(rest);
                case "verify" -> new VerifyCommand(out, err).run(rest);
                case "plot" -> new PlotCommand(out).run(rest);
                case "report" -> new ReportCommand(out).run(rest);
                case "gradcheck" -> new GradcheckCommand(out).run(rest);
                default -> new TrainCommand(out, err).run(rest);
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run with --help for usage.");
            return Exit.BAD_INPUT;
        } catch (ConfigException e) {
            printProblems(err, e.problems());
            if (debug) {
                e.printStackTrace(err);
            }
            return Exit.BAD_INPUT;
        } catch (RunFolderException e) {
            err.println("error: " + e.getMessage());
            return Exit.BAD_INPUT;
        } catch (PluginException e) {
            err.println("error: plugin: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return Exit.BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return Exit.BAD_INPUT;
        } catch (java.nio.file.InvalidPathException e) { // a non-ASCII path under LC_ALL=C was exit 70 (QA, sixth pass)
            err.println("error: cannot use the path \"" + e.getInput() + "\": " + e.getReason() + io.nnpipe.config.LocalePaths.hint(e.getInput()));
            return Exit.BAD_INPUT;
        } catch (RuntimeException | Error e) {
            String plugin = PluginFault.describe(e, Main.class.getClassLoader()); // a plugin's bug names its jar
            err.println((plugin != null ? "error: " + plugin : "internal error: " + e) + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return Exit.INTERNAL;
        }
    }

    static void printProblems(PrintStream err, List<Problem> problems) {
        for (Problem p : problems) {
            err.println(p);
        }
        int shown = 0;
        int total = 0;
        for (Problem p : problems) { // a capped file's "N more not shown" counts as N (QA's fifth pass: 402 read as 42)
            shown += p.omitted() > 0 ? 0 : 1;
            total += p.omitted() > 0 ? p.omitted() : 1;
        }
        err.println((total == 1 ? "1 problem found" : total + " problems found") + (shown < total ? " (" + shown
                + " shown)" : "") + "; nothing was run.");
    }
}

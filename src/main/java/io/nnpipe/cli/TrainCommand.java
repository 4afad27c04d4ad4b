package io.nnpipe.cli;

import io.nnpipe.kernel.Parallel;
import io.nnpipe.output.LossLog;
import io.nnpipe.output.RunFolder;
import io.nnpipe.output.Snapshots;
import io.nnpipe.output.TraceLog;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.plugin.Registry;
import io.nnpipe.train.StepSet;
import io.nnpipe.train.Trainer;
import io.nnpipe.train.TrainingFault;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** {@code pipeline [train] [options] CONFIG.yaml}: trains and writes the run folder. */
final class TrainCommand {
    private final PrintStream out;
    private final PrintStream err;

    TrainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static Options options() {
        Options o = CommonOptions.base();
        o.addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                .desc("write the run here (default: runs/<config name>)").build());
        o.addOption(Option.builder().longOpt("trace").hasArg().argName("STEPS")
                .desc("trace these steps: 1 | 1,5,9 | 10-20 | all | none (default: the config's output.trace)").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("threads for the kernels (default: all cores); results are identical for every N").build());
        return o;
    }

    int run(String[] args) {
        Options options = options();
        CommandLine cmd = CommonOptions.parse(options, args);
        if (cmd.hasOption("help")) {
            CommonOptions.help(out, "pipeline [train] [options] CONFIG.yaml", "Trains the network a config declares.", options);
            return Exit.OK;
        }
        if (cmd.hasOption("version")) {
            out.println(CommonOptions.version());
            return Exit.OK;
        }
        Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        Registry registry = Registry.discover(Main.class.getClassLoader());
        if (cmd.hasOption("list-plugins")) {
            CommonOptions.listPlugins(out, registry);
            return Exit.OK;
        }
        Path config = CommonOptions.config(cmd);
        List<String> sets = new java.util.ArrayList<>(CommonOptions.sets(cmd));
        if (cmd.hasOption("trace")) {
            try {
                StepSet.parse(cmd.getOptionValue("trace"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--trace: " + e.getMessage());
            }
            sets.add("output.trace=\"" + cmd.getOptionValue("trace") + "\"");
        }
        int threads = threads(cmd);
        Pipeline p = CommonOptions.read(registry, config, sets);
        RunFolder folder = RunFolder.at(cmd.hasOption("out") ? Path.of(cmd.getOptionValue("out"))
                : Path.of("runs", p.name()));
        folder.prepare();
        return train(p, folder, threads);
    }

    private int train(Pipeline p, RunFolder folder, int threads) {
        Logger log = LogManager.getLogger("nnpipe");
        Trainer trainer = new Trainer(p, Parallel.SERIAL);
        log.info("training {}: {} epochs of {} steps, {} parameters, {} thread{}; writing {}", p.name(),
                p.settings().epochs(), trainer.stepsPerEpoch(), p.network().parameters().stream().mapToInt(x -> x.size()).sum(),
                threads, threads == 1 ? "" : "s", folder.dir());
        try (LossLog loss = new LossLog(folder);
                TraceLog trace = p.settings().trace().isEmpty() ? null : new TraceLog(folder)) {
            trainer.addListener(loss);
            if (trace != null) {
                trainer.addListener(trace);
            }
            trainer.addListener(new Snapshots(folder, p.settings().snapshotEvery(), p.settings().epochs()));
            trainer.addListener(new Progress(p.settings().epochs(), trainer.stepsPerEpoch()));
            trainer.run();
        } catch (TrainingFault e) {
            err.println("error: training stopped: " + e.getMessage());
            err.println("The files in " + folder.dir() + " hold everything up to the last complete step.");
            return Exit.TRAINING_FAULT;
        }
        log.info("done: {}", folder.dir());
        return Exit.OK;
    }

    private static int threads(CommandLine cmd) {
        if (!cmd.hasOption("threads")) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(cmd.getOptionValue("threads"));
            if (n < 1 || n > 1024) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--threads: expected a whole number from 1 to 1024, found \"" + cmd.getOptionValue("threads") + "\"");
        }
    }
}

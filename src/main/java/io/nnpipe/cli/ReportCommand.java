package io.nnpipe.cli;

import io.nnpipe.output.RecordedConfig;
import io.nnpipe.output.RunFolder;
import io.nnpipe.output.RunFolderException;
import io.nnpipe.output.RunLock;
import io.nnpipe.output.RunInfo;
import io.nnpipe.output.RunReport;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.plugin.Registry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.logging.log4j.LogManager;

/**
 * {@code pipeline report [options] CONFIG.yaml}: redraws a finished run's {@code loss.png},
 * {@code loss.svg} and {@code report.html} from its CSV files, without training. Takes the same
 * config, {@code --set} overrides and {@code --out} as the training run did (the config gives the
 * stage table and the shapes that lay out the traced step).
 */
final class ReportCommand {
    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args) {
        Options options = CommonOptions.base();
        options.addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                .desc("the run folder (default: runs/<config name>)").build());
        CommandLine cmd = CommonOptions.parse(options, args);
        if (cmd.hasOption("help")) {
            CommonOptions.help(out, "pipeline report [options] CONFIG.yaml",
                    "Redraws the loss chart and report.html of a finished run from its CSV files.", options);
            return Exit.OK;
        }
        if (CommonOptions.answeredInfo(cmd, out)) {
            return Exit.OK;
        }
        Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        Registry registry = Registry.discover(Main.class.getClassLoader());
        Path config = CommonOptions.config(cmd);
        List<String> sets = CommonOptions.sets(cmd);
        Pipeline p = CommonOptions.read(registry, config, sets);
        RunFolder folder = RunFolder.at(cmd.hasOption("out") ? Path.of(cmd.getOptionValue("out")) : Path.of("runs", p.name()));
        if (!Files.isRegularFile(folder.file(RunFolder.LOSS))) {
            throw new UsageException("no finished run in " + folder.dir() + " (" + RunFolder.LOSS
                    + " is missing); train it first, or name its folder with --out");
        }
        if (RunLock.isHeld(folder.dir())) { // it drew a half-written run, then the run's own report replaced it (QA, sixth pass)
            throw new RunFolderException("a training run is still writing " + folder.dir()
                    + "; it draws its own report when it ends");
        }
        String other = RecordedConfig.difference(folder.file(RunFolder.MANIFEST), p.resolved());
        if (other != null) {
            throw new RunFolderException("the run in " + folder.dir() + " was made from another config (first"
                    + " difference, " + other + "); give the config and the --set/--epochs options it was made with"
                    + " (run.yaml lists them; --trace N is --set output.trace=N)");
        }
        new RunReport(folder, RunInfo.read(p, config, sets), CommonOptions.version()).write();
        LogManager.getLogger("nnpipe").info("wrote {}, {} and {} in {}", RunFolder.REPORT, RunFolder.LOSS_PNG,
                RunFolder.LOSS_SVG, folder.dir());
        return Exit.OK;
    }
}

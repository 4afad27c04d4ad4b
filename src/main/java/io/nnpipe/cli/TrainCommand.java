package io.nnpipe.cli;

import io.nnpipe.kernel.Parallel;
import io.nnpipe.output.Checkpoint;
import io.nnpipe.output.CheckpointWriter;
import io.nnpipe.output.LossLog;
import io.nnpipe.output.Resume;
import io.nnpipe.output.ResumeDifferences;
import io.nnpipe.output.ResumePlugins;
import io.nnpipe.output.RunFolder;
import io.nnpipe.output.RunInfo;
import io.nnpipe.output.RunLock;
import io.nnpipe.output.RunManifest;
import io.nnpipe.output.RunReport;
import io.nnpipe.output.Snapshots;
import io.nnpipe.output.TraceLog;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.StageTable;
import io.nnpipe.plugin.Registry;
import io.nnpipe.train.BlindValues;
import io.nnpipe.train.StepSet;
import io.nnpipe.train.TraceSize;
import io.nnpipe.train.TrainListener;
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
    private final List<TrainListener> extra;
    /** From --checkpoint-every, set by {@link #run}. */
    private long checkpointNanos;
    /** False when the caller deletes the run folder afterwards ({@code verify}): no pointing at it. */
    private boolean folderKept = true;

    TrainCommand(PrintStream out, PrintStream err) {
        this(out, err, List.of());
    }

    /** With listeners added after all others (tests use one to stop a run at a chosen step). */
    TrainCommand(PrintStream out, PrintStream err, List<TrainListener> extra) {
        this.out = out;
        this.err = err;
        this.extra = List.copyOf(extra);
    }

    /**
     * This command for a run folder its caller deletes afterwards: a training fault is reported
     * without "The files in FOLDER hold ..." (QA's eighth pass: {@code verify} named a temporary
     * folder it then deleted).
     */
    TrainCommand intoDiscardedFolder() {
        folderKept = false;
        return this;
    }

    static Options options() {
        Options o = CommonOptions.base();
        o.addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                .desc("write the run here (default: runs/<config name>)").build());
        o.addOption(Option.builder().longOpt("trace").hasArg().argName("STEPS")
                .desc("trace these steps: 1 | 1,5,9 | 10-20 | all | none (default: the config's output.trace)").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("threads for the kernels (default: all cores); results are identical for every N").build());
        o.addOption(Option.builder().longOpt("resume").hasArg().argName("RUN_DIR")
                .desc("continue the run in RUN_DIR from its last checkpoint (same config; see --allow-config-change)").build());
        o.addOption(Option.builder().longOpt("allow-config-change")
                .desc("with --resume: continue even though the config or data differ from the run's").build());
        o.addOption(Option.builder().longOpt("progress").hasArg().argName("MODE")
                .desc("auto (a bar on a terminal, else log lines) | bar | lines | none").build());
        o.addOption(Option.builder().longOpt("checkpoint-every").hasArg().argName("SECONDS")
                .desc("write checkpoint.txt after an epoch at most every SECONDS of training, and after the last "
                        + "(default: 1; 0: after every epoch)").build());
        o.addOption(Option.builder().longOpt("no-report")
                .desc("do not draw loss.png, loss.svg and report.html after training").build());
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
        boolean bundledLog = Logging.configure(cmd.hasOption("quiet"), cmd.hasOption("verbose"));
        if (!cmd.hasOption("list-plugins")) {
            Warmup.start(bundledLog, !cmd.hasOption("no-report"));
        }
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
        checkpointNanos = checkpointNanos(cmd);
        if (cmd.hasOption("allow-config-change") && !cmd.hasOption("resume")) {
            throw new UsageException("--allow-config-change only applies with --resume RUN_DIR");
        }
        if (cmd.hasOption("resume") && !cmd.hasOption("allow-config-change")) {
            ResumePlugins.check(RunFolder.at(resumeDir(cmd)), registry); // before the config names a missing plugin's id
        }
        Pipeline p = CommonOptions.read(registry, config, sets);
        CommonOptions.warn(p);
        RunFolder folder = RunFolder.at(cmd.hasOption("resume") ? resumeDir(cmd) : cmd.hasOption("out")
                ? Path.of(cmd.getOptionValue("out")) : RunFolder.defaultDir(p.name()));
        Resume resume = cmd.hasOption("resume") ? new Resume(folder, cmd.hasOption("allow-config-change")) : null;
        Display display = new Display(Progress.mode(cmd.getOptionValue("progress"), cmd.hasOption("quiet"), err),
                !cmd.hasOption("no-report"));
        List<Path> inputs = new java.util.ArrayList<>(List.of(config)); // never deleted by cleaning the folder
        inputs.addAll(p.train().sources());
        inputs.addAll(p.test() == null ? List.of() : p.test().sources());
        folder.refuseReplacing(inputs);
        try (RunLock lock = RunLock.acquire(folder)) { // one run at a time in a folder
            if (resume == null) {
                folder.prepare();
            }
            return train(p, folder, new RunManifest.Request(config, sets, threads, registry), resume, display);
        }
    }

    /** What a person sees of the run: progress on stderr, and the chart and report after it. */
    private record Display(Progress.Mode progress, boolean report) {
    }

    /**
     * Trains into the folder, fresh or ({@code resume} not null) from its checkpoint; then the chart
     * and report; the manifest comes last.
     */
    private int train(Pipeline p, RunFolder folder, RunManifest.Request request, Resume resume, Display display) {
        try (Parallel parallel = Parallel.threads(request.threads())) {
            return train(p, folder, request, resume, display, parallel);
        }
    }

    private int train(Pipeline p, RunFolder folder, RunManifest.Request request, Resume resume, Display display,
            Parallel parallel) {
        Logger log = LogManager.getLogger("nnpipe");
        int threads = request.threads();
        RunManifest manifest = RunManifest.begin(p, request);
        RunReport report = display.report() ? new RunReport(folder, RunInfo.read(p, request.config(), request.overrides()),
                CommonOptions.version()) : null;
        Trainer trainer = new Trainer(p, parallel);
        Checkpoint resumed = resume == null ? null : resume.apply(p, trainer, manifest);
        if (resumed != null) {
            log.info("resuming {} after epoch {} (step {})", folder.dir(), resumed.epoch(), resumed.step());
            String change = ResumeDifferences.changes(resumed, manifest);
            if (change != null) {
                log.warn("continuing although {} (--allow-config-change)", change);
                manifest.resumedDespite(change);
            }
            ResumeDifferences.warnings(resumed, manifest).forEach(log::warn);
        }
        log.info("training {}: {} of {}, {} parameters, {} thread{}; writing {}", p.name(),
                StageTable.count(p.settings().epochs(), "epoch"), StageTable.count(trainer.stepsPerEpoch(), "step"), p.network().parameters().stream().mapToInt(x -> x.size()).sum(),
                threads, threads == 1 ? "" : "s", folder.dir());
        String unreached = p.settings().trace().unreachedIn(p.settings().epochs() * trainer.stepsPerEpoch());
        if (unreached != null) {
            log.warn(unreached);
        }
        String huge = TraceSize.warning(p.network(), Math.min(p.settings().batchSize(), p.train().size()),
                trainer.optimizer(), p.settings().trace().countIn((long) p.settings().epochs() * trainer.stepsPerEpoch()));
        if (huge != null) {
            log.warn(huge);
        }
        boolean append = resumed != null;
        try (LossLog loss = new LossLog(folder, append);
                TraceLog trace = p.settings().trace().isEmpty() ? null : new TraceLog(folder, append);
                Progress progress = new Progress(p.settings().epochs(), trainer.stepsPerEpoch(), display.progress(),
                        Progress.Output.standard(err, display.progress()))) {
            trainer.addListener(loss);
            if (trace != null) {
                trainer.addListener(trace);
            }
            trainer.addListener(new Snapshots(folder, p.settings().snapshotEvery(), p.settings().epochs()));
            trainer.addListener(new CheckpointWriter(folder, manifest, trainer.optimizer(), resumed, checkpointNanos));
            trainer.addListener(manifest);
            trainer.addListener(new BlindValues(trainer.optimizer(), log::warn));
            trainer.addListener(progress);
            extra.forEach(trainer::addListener);
            trainer.run();
        } catch (TrainingFault e) {
            if (report != null) {
                report.write("stopped: " + e.getMessage()); // the curve up to the fault is worth seeing
            }
            manifest.write(folder, "stopped: " + e.getMessage());
            err.println("error: training stopped: " + e.getMessage());
            if (folderKept) {
                err.println("The files in " + folder.dir() + " hold everything up to the last complete step.");
            }
            return Exit.TRAINING_FAULT;
        }
        if (report != null) {
            report.write("complete"); // after training has closed its files: loss.png, loss.svg, report.html from the CSVs
        }
        manifest.write(folder, "complete"); // last: it hashes every file the run folder now holds
        log.info("done: {}", folder.dir());
        return Exit.OK;
    }

    private static Path resumeDir(CommandLine cmd) {
        Path dir = Path.of(cmd.getOptionValue("resume"));
        if (cmd.hasOption("out") && !Path.of(cmd.getOptionValue("out")).toAbsolutePath().normalize()
                .equals(dir.toAbsolutePath().normalize())) {
            throw new UsageException("--resume continues in RUN_DIR itself; --out names a different folder");
        }
        return dir;
    }

    /** --checkpoint-every in nanoseconds (default 1 s). */
    private static long checkpointNanos(CommandLine cmd) {
        String v = cmd.getOptionValue("checkpoint-every", "1").strip();
        if (v.matches("\\d{1,7}(\\.\\d*)?|\\.\\d+") && Double.parseDouble(v) <= 1e6) {
            return Math.round(Double.parseDouble(v) * 1e9);
        }
        throw new UsageException("--checkpoint-every: expected a decimal number of seconds from 0 to 1000000 (e.g. 0,"
                + " 0.5, 30; no exponent or sign), found \""
                + cmd.getOptionValue("checkpoint-every") + "\"");
    }

    static int threads(CommandLine cmd) { // also gradcheck's
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

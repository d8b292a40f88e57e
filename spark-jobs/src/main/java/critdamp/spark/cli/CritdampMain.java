package critdamp.spark.cli;

import critdamp.spark.train.RunStop;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The critdamp application: one entry point for {@code spark-submit} and the {@code deploy/critdamp} launcher, with a
 * subcommand per job. Exit codes: 0 done, 1 error, 2 bad usage, config or data, 3 training diverged, 130 and 143
 * stopped by SIGINT and SIGTERM ({@link RunStop}). Every failure is one line on stderr ({@link ErrorHandler}), also a
 * file system's {@code FSError}.
 */
@Command(name = "critdamp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Critically damped momentum (mu = 1 - 2*sqrt(alpha)) for SGD, on Apache Spark + DL4J.",
        subcommands = {TrainCommand.class, AttributeCommand.class, RetrainCommand.class, PipelineCommand.class,
                SweepCommand.class, LrStudyCommand.class, ScalingCommand.class, ScalingSizeCommand.class,
                ReportCommand.class, critdamp.bench.BenchCommand.class,
                FetchDataCommand.class, ScheduleCommand.class,
                CompareCommand.class, MemoryPlanCommand.class,
                ScalingModelCommand.class,
                CommandLine.HelpCommand.class})
public final class CritdampMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        RunStop.install();
        int code = execute(args);
        RunStop.ended();
        if (code == 0 && "cluster".equals(System.getProperty("spark.submit.deployMode"))
                && String.valueOf(System.getProperty("spark.master")).startsWith("yarn")) {
            return; // YARN cluster mode: the application master reports SUCCEEDED only when main returns
        }
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return new CommandLine(new CritdampMain())
                .setExecutionStrategy(ErrorHandler.catchingFileSystemErrors(new CommandLine.RunLast()))
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}

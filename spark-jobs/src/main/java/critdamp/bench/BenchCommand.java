package critdamp.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code critdamp bench}: measurements behind the project's speed claims — the machine's measured matrix-product peak
 * ({@code peak}), single-JVM training throughput against that peak on either engine ({@code throughput}), the
 * resident memory an engine adds ({@code resident}), the cost of Spark's parameter averaging against one plain JVM
 * ({@code spark-overhead}) and the cost of a targeted retraining step against an all-layers one
 * ({@code retrain-cost}). Every result is appended as a JSON line and a markdown row under {@code bench/results/},
 * with the machine and load average it was measured under.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks: peak FLOP/s, training throughput, resident memory, Spark overhead, retraining "
                + "step cost. See bench/README.md.",
                "Run through the bench/run-*.sh scripts: they take the machine lock, alternate runs and record load."},
        subcommands = {PeakCommand.class, ThroughputCommand.class, ResidentCommand.class, SparkOverheadCommand.class,
                RetrainCostCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}

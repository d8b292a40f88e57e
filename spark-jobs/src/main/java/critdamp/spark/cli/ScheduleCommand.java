package critdamp.spark.cli;

import critdamp.config.DataSpec;
import critdamp.config.TrainConfig;
import critdamp.data.Datasets;
import critdamp.report.ScheduleChart;
import critdamp.schedule.CriticalDamping;
import critdamp.schedule.LearningRateSchedule;
import critdamp.schedule.MomentumKind;
import critdamp.schedule.MomentumSchedule;
import critdamp.schedule.MomentumSpec;
import critdamp.schedule.PhysicsMomentum;
import critdamp.schedule.HybridMomentum;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code critdamp schedule}: shows a config's alpha(t) and mu(t) before any training, as a table and a PNG, next to the
 * other momentum schedules over the same learning rate, so users see what physics momentum will do (and where it is
 * clamped) at their learning rate.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Print (and plot) the learning rate alpha(t) and momentum mu(t) a config will use.",
                "Needs no data and no Spark. Steps assume --steps-per-epoch optimizer steps per epoch per worker."},
        footer = {"", "Examples:", "  critdamp schedule -c conf/cifar10-small-cnn.yaml --png schedule.png",
                "  critdamp schedule --set learningRate.baseLr=0.3   # shows the clamping warning"})
public final class ScheduleCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--steps-per-epoch", description = "optimizer steps per epoch (default: the training records "
            + "of data.dataset, at most data.maxTrainRecords, minus the validation split, / (batch size x workers), "
            + "rounded up)")
    Integer stepsPerEpoch;

    @Option(names = "--rows", description = "table rows. Default: ${DEFAULT-VALUE}", defaultValue = "11")
    int rows;

    @Option(names = "--png", description = "also write a chart of alpha(t) and mu(t) for every momentum kind here")
    Path png;

    @Override
    public Integer call() {
        TrainConfig cfg = options.load();
        int perEpoch = stepsPerEpoch != null ? stepsPerEpoch : defaultStepsPerEpoch(cfg);
        long total = (long) perEpoch * cfg.training().epochs();
        LearningRateSchedule lr = cfg.learningRate().build(total);
        MomentumSchedule mu = cfg.momentum().build(lr);
        System.out.printf("learningRate %s, momentum %s, %d epochs x %d steps = %d steps%n",
                cfg.learningRate().kind().configName(), cfg.momentum().kind().configName(), cfg.training().epochs(),
                perEpoch, total);
        if (mu instanceof PhysicsMomentum p && !p.clampNotes().isEmpty()) {
            System.out.println("clamped: " + p.clampNotes());
        }
        if (mu instanceof HybridMomentum h) {
            System.out.println(h.switchStep() == Long.MAX_VALUE ? "hybrid: never switches (stays physics)"
                    : String.format("hybrid: switches to mu = %.3f at step %d (epoch %.2f)", cfg.momentum().value(),
                    h.switchStep(), (double) h.switchStep() / perEpoch));
        }
        System.out.printf("%10s %8s %12s %8s %14s%n", "step", "epoch", "alpha", "mu", "alpha/(1-mu)");
        for (int i = 0; i < rows; i++) {
            long t = rows == 1 ? 0 : Math.min(total - 1, Math.round((double) i * (total - 1) / (rows - 1)));
            double a = lr.alpha(t);
            double m = mu.mu(t);
            System.out.printf("%10d %8.2f %12.5g %8.4f %14.5g%n", t, (double) t / perEpoch, a, m,
                    CriticalDamping.effectiveStep(a, m));
        }
        if (png != null) {
            Map<String, MomentumSchedule> all = new LinkedHashMap<>();
            all.put(cfg.momentum().kind().configName() + " (this config)", mu);
            for (MomentumKind k : MomentumKind.values()) {
                if (k != cfg.momentum().kind()) {
                    all.put(k.configName(), MomentumSpec.of(k).build(lr));
                }
            }
            ScheduleChart.writePng(png, "alpha(t) and mu(t): " + cfg.run().name(), lr, all);
            System.out.println("chart written to " + png.toAbsolutePath());
        }
        return 0;
    }

    /** The {@code --steps-per-epoch} default: {@link #trainingRecords} over batch size x workers, rounded up. */
    static int defaultStepsPerEpoch(TrainConfig cfg) {
        long perStep = (long) cfg.training().batchSize() * cfg.spark().workers();
        return (int) ((trainingRecords(cfg.data()) + perStep - 1) / perStep);
    }

    /**
     * The records {@code data} trains on, known without reading the data: the data set's training split, at most
     * {@code maxTrainRecords} of it, minus the validation fraction (as the loaders cut it: first the cap, then the
     * split; the split is a seeded hash per record, so this is its expected size, rounded).
     */
    static long trainingRecords(DataSpec data) {
        int all = Datasets.trainRecords(data.dataset());
        int used = data.maxTrainRecords() == null ? all : Math.min(all, data.maxTrainRecords());
        return Math.round(used * (1 - data.validationFraction()));
    }
}

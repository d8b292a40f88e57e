package critdamp.spark.train;

import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.engine.Batch;
import critdamp.engine.Outputs;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.TrainableModel;
import critdamp.optim.OptimizerSpec;
import critdamp.run.Checkpoints;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.run.TrainingPosition;
import critdamp.spark.data.TrainingData;
import critdamp.spark.executor.DataSetBatches;
import critdamp.spark.executor.EngineSnapshot;
import critdamp.spark.executor.Engines;
import critdamp.spark.executor.ModelBroadcast;
import critdamp.spark.executor.WorkingModels;
import critdamp.spark.rdd.OrderedTreeAggregate;
import critdamp.train.RoundPlan;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Parameter averaging for an engine-contract model (the torch engine), on Spark, with the same round as DL4J's
 * master: the driver broadcasts every value (parameters and batch-norm running statistics, one flat {@code float[]}
 * in the canonical order) and, with {@code spark.averageUpdaterState}, the optimizer state; each worker loads them
 * into its working model ({@link WorkingModels}), trains its partition's minibatches (at most
 * {@code averagingFrequency}) at the round's alpha and mu, and returns its values; the sums are formed in a tree of
 * {@code spark.aggregationDepth} in partition order ({@link OrderedTreeAggregate}: a run repeats to the digit) and
 * divided on the driver.
 *
 * <p>Momentum buffers follow DL4J's {@code saveUpdater} choice, which is the reference: averaged with the parameters
 * when {@code spark.averageUpdaterState} is true (the default: a worker's velocity continues the run's averaged
 * velocity across rounds, so heavy ball keeps its momentum over round boundaries), otherwise each worker starts every
 * round from zero velocity, as DL4J's workers do without the updater state.
 *
 * <p>The round's split (compute, broadcast, aggregation) is measured as {@link RoundTimings} defines it for DL4J, so
 * {@code critdamp scaling} fits both engines' per-byte cost the same way.
 */
final class FlatAveragingRounds implements RoundTrainer {
    private final JavaSparkContext sc;
    private final TrainableModel model;
    private final OptimizerSpec optimizer;
    private final boolean averageState;
    private final int depth;
    private final TrainingData data;
    private final RoundPlan plan;
    private final RunFolder folder;
    private final ExecutorFastPathCheck executors;
    private final long bytesPerRound;

    FlatAveragingRounds(JavaSparkContext sc, TrainConfig config, RunFolder folder, TrainableModel model,
                        TrainingData data, RoundPlan plan) {
        this.sc = sc;
        this.model = model;
        this.optimizer = config.optimizer();
        this.averageState = config.spark().averageUpdaterState();
        this.depth = config.spark().aggregationDepth();
        this.data = data;
        this.plan = plan;
        this.folder = folder;
        this.executors = new ExecutorFastPathCheck(sc);
        long values = model.layout().size() + (averageState ? model.optimizerState().length : 0);
        this.bytesPerRound = 2L * plan.workers() * values * Float.BYTES;
    }

    @Override
    public Fit fit(int epoch, int round, double alpha, double mu) {
        long r0 = System.nanoTime();
        EngineSnapshot snapshot = EngineSnapshot.of(model, optimizer, averageState);
        Broadcast<EngineSnapshot> shared = sc.broadcast(snapshot);
        double broadcastCreate = secondsSince(r0);
        CollectionAccumulator<ExecutorHelpers> reports = executors.reports();
        boolean withState = averageState;
        JavaRDD<WorkerSums> partials = data.roundBatches(epoch, round, plan).mapPartitions(batches -> batches.hasNext()
                ? List.of(WorkerSums.train(shared, batches, alpha, mu, withState, reports)).iterator()
                : Collections.<WorkerSums>emptyIterator());
        long j0 = System.nanoTime();
        WorkerSums sum = OrderedTreeAggregate.of(partials, WorkerSums.EMPTY, WorkerSums::merge, WorkerSums::merge,
                depth);
        double job = secondsSince(j0);
        shared.destroy();
        long a0 = System.nanoTime();
        double loss = Double.NaN;
        if (sum.workers > 0) {
            model.setParameters(sum.mean(sum.parameters));
            if (withState) {
                model.setOptimizerState(sum.mean(sum.state));
            }
            loss = sum.lastLossSum / sum.workers;
        }
        double average = secondsSince(a0);
        recordExecutors();
        RoundTimings.Split split = new RoundTimings.Split(sum.computeSeconds,
                broadcastCreate + sum.fetchSeconds, Math.max(0, job - sum.taskSeconds) + average);
        return new Fit(loss, secondsSince(r0), Double.NaN, split);
    }

    @Override
    public Evaluated evaluate() {
        boolean validation = data.validationSize() > 0;
        List<JavaRDD<DataSet>> splits = validation ? List.of(data.testBatches(), data.validationBatches())
                : List.of(data.testBatches());
        double regularization = regularization(model, optimizer.weightDecay());
        List<Counts> measured = new ArrayList<>();
        try (ModelBroadcast<EngineSnapshot, WorkingModels.Lease> shipped = ModelBroadcast.of(sc,
                EngineSnapshot.of(model, optimizer, false), WorkingModels::acquire)) {
            for (JavaRDD<DataSet> split : splits) {
                measured.add(shipped.sumOver(split, FlatAveragingRounds::count, new Counts(), Counts::merge, 1));
            }
        }
        Counts test = measured.get(0);
        return new Evaluated(test.accuracy(), test.meanLoss() + regularization,
                validation ? measured.get(1).accuracy() : Double.NaN);
    }

    @Override
    public String checkpoint(Checkpoints checkpoints, TrainingPosition position, Double validationAccuracy) {
        return checkpoints.save(model, position, validationAccuracy);
    }

    @Override
    public long bytesPerRound() {
        return bytesPerRound;
    }

    /** One partition's accuracy counts and summed loss, on a working model given back afterwards. */
    private static Counts count(WorkingModels.Lease lease, Iterator<DataSet> batches) {
        try {
            Counts c = new Counts();
            while (batches.hasNext()) {
                Batch batch = DataSetBatches.of(batches.next());
                Outputs out = lease.model().evaluate(batch);
                int[] predicted = out.predictions();
                for (int i = 0; i < predicted.length; i++) {
                    c.correct += predicted[i] == batch.labels()[i] ? 1 : 0;
                }
                c.examples += batch.size();
                c.lossSum += out.loss() * batch.size();
            }
            return c;
        } finally {
            WorkingModels.release(lease);
        }
    }

    /**
     * The L2 term DL4J's score adds to every minibatch's mean loss, {@code 0.5 * lambda * sum w^2} over the decayed
     * weights, so both engines report the same test loss for the same values.
     */
    static double regularization(TrainableModel model, double weightDecay) {
        if (weightDecay == 0) {
            return 0;
        }
        float[] values = model.parameters();
        ParameterLayout layout = model.layout();
        double squares = 0;
        for (int b = 0; b < layout.blocks().size(); b++) {
            ParameterBlock block = layout.blocks().get(b);
            if (block.role().decayed()) {
                for (int i = layout.offset(b), end = i + block.length(); i < end; i++) {
                    squares += (double) values[i] * values[i];
                }
            }
        }
        return 0.5 * weightDecay * squares;
    }

    /** Rewrites executors.json when executor JVMs were seen for the first time. */
    private void recordExecutors() {
        if (!executors.collect().isEmpty()) {
            folder.writeAtomically(RunFiles.EXECUTORS_JSON, Json.write(executors.executors()));
        }
    }

    private static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    /** Mergeable evaluation counts. */
    static final class Counts implements Serializable {
        private static final long serialVersionUID = 1L;
        long examples;
        long correct;
        double lossSum;

        Counts merge(Counts other) {
            Counts m = new Counts();
            m.examples = examples + other.examples;
            m.correct = correct + other.correct;
            m.lossSum = lossSum + other.lossSum;
            return m;
        }

        double accuracy() {
            return examples == 0 ? Double.NaN : (double) correct / examples;
        }

        double meanLoss() {
            return examples == 0 ? Double.NaN : lossSum / examples;
        }
    }

    /**
     * What workers return, summed: their values (and optimizer states), their last step's loss, and the slowest
     * worker's task, broadcast fetch and compute seconds. {@link #merge} adds in place into its first argument.
     */
    static final class WorkerSums implements Serializable {
        private static final long serialVersionUID = 1L;
        static final WorkerSums EMPTY = new WorkerSums(null, null, 0, 0, 0, 0, 0);
        float[] parameters;
        float[] state;
        double lastLossSum;
        int workers;
        double taskSeconds;
        double fetchSeconds;
        double computeSeconds;

        private WorkerSums(float[] parameters, float[] state, double lastLossSum, int workers, double taskSeconds,
                           double fetchSeconds, double computeSeconds) {
            this.parameters = parameters;
            this.state = state;
            this.lastLossSum = lastLossSum;
            this.workers = workers;
            this.taskSeconds = taskSeconds;
            this.fetchSeconds = fetchSeconds;
            this.computeSeconds = computeSeconds;
        }

        /** A worker's round, on the executor: load the broadcast values, train the partition's batches, report. */
        static WorkerSums train(Broadcast<EngineSnapshot> shared, Iterator<DataSet> batches, double alpha, double mu,
                                boolean withState, CollectionAccumulator<ExecutorHelpers> reports) {
            long t0 = System.nanoTime();
            EngineSnapshot snapshot = shared.value();
            WorkingModels.Lease lease = WorkingModels.acquire(snapshot);
            try {
                double fetch = secondsSince(t0);
                List<Batch> round = new ArrayList<>();
                batches.forEachRemaining(b -> round.add(DataSetBatches.of(b)));
                long c0 = System.nanoTime();
                double[] losses = lease.model().train(round, alpha, mu);
                double compute = secondsSince(c0);
                report(snapshot, reports);
                return new WorkerSums(lease.model().parameters(), withState ? lease.model().optimizerState() : null,
                        losses.length == 0 ? 0 : losses[losses.length - 1], 1, secondsSince(t0), fetch, compute);
            } finally {
                WorkingModels.release(lease);
            }
        }

        private static void report(EngineSnapshot snapshot, CollectionAccumulator<ExecutorHelpers> reports) {
            SparkEnv env = SparkEnv.get();
            reports.add(ExecutorHelpers.ofEngine(env == null ? "?" : env.executorId(),
                    ExecutorFastPathCheck.hostName(), ProcessHandle.current().pid(), snapshot.engine(),
                    Engines.of(snapshot.engine()).nativeLibrary(), "CPU", ExecutorFastPathCheck.taskGpuAddresses(),
                    null));
        }

        /** {@code a + b}, into {@code a} when it holds arrays of its own; the slowest worker's seconds. */
        static WorkerSums merge(WorkerSums a, WorkerSums b) {
            if (a.workers == 0) {
                return b;
            }
            if (b.workers == 0) {
                return a;
            }
            add(a.parameters, b.parameters);
            if (a.state != null) {
                add(a.state, b.state);
            }
            return new WorkerSums(a.parameters, a.state, a.lastLossSum + b.lastLossSum, a.workers + b.workers,
                    Math.max(a.taskSeconds, b.taskSeconds), Math.max(a.fetchSeconds, b.fetchSeconds),
                    Math.max(a.computeSeconds, b.computeSeconds));
        }

        private static void add(float[] into, float[] values) {
            for (int i = 0; i < into.length; i++) {
                into[i] += values[i];
            }
        }

        /** {@code sums / workers}, element-wise. */
        float[] mean(float[] sums) {
            float[] mean = new float[sums.length];
            float n = workers;
            for (int i = 0; i < sums.length; i++) {
                mean[i] = sums[i] / n;
            }
            return mean;
        }
    }
}

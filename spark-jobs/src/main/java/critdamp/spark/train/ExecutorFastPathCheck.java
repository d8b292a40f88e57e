package critdamp.spark.train;

import critdamp.fastpath.FastCpuPath;
import critdamp.fastpath.HelperReport;
import critdamp.gpu.BackendChoice;
import critdamp.spark.executor.Nd4jBackendPlugin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the executors, not just the driver, train on DL4J's fast oneDNN path, and records the ND4J backend and
 * GPU each trained on. A {@link #hook() training hook} added to the parameter-averaging master runs inside each worker
 * task, looks at the helpers of the network that task trains ({@link FastCpuPath#report}), the backend, the GPU
 * address Spark assigned to the task and the CUDA device ND4J's thread uses, before its first minibatch, and sends
 * an {@link ExecutorHelpers} back
 * through a Spark accumulator. After each round the driver {@link #collect() collects} them and reports every
 * executor JVM the first time it is seen (a replacement for a lost executor is reported too), loudly when any layer
 * fell to the slow path. The cost is one reflective walk over the layers per task.
 */
public final class ExecutorFastPathCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorFastPathCheck.class);
    private final CollectionAccumulator<ExecutorHelpers> reports;
    private final Map<String, ExecutorHelpers> seen = new LinkedHashMap<>();

    public ExecutorFastPathCheck(JavaSparkContext sc) {
        this.reports = sc.sc().collectionAccumulator("critdamp executor fast path");
    }

    /** Where an engine-contract worker adds its report ({@link ExecutorHelpers#ofEngine}), once per task. */
    CollectionAccumulator<ExecutorHelpers> reports() {
        return reports;
    }

    /** The hook to add to the training master ({@code master.addHook(check.hook())}). */
    public TrainingHook hook() {
        return new Hook(reports);
    }

    /**
     * Takes the reports that arrived since the last call and returns the executors seen for the first time (by host
     * and pid), after logging a line for each (WARN for any on the slow path).
     */
    public List<ExecutorHelpers> collect() {
        List<ExecutorHelpers> arrived = new ArrayList<>(reports.value());
        reports.reset();
        List<ExecutorHelpers> first = new ArrayList<>();
        for (ExecutorHelpers e : arrived) {
            if (seen.putIfAbsent(e.host() + "/" + e.pid(), e) == null) {
                first.add(e);
                if (e.allFast()) {
                    LOG.info(e.describe());
                } else {
                    LOG.warn(e.describe());
                }
            }
        }
        return first;
    }

    /** Every executor reported so far, in the order first seen. */
    public List<ExecutorHelpers> executors() {
        return List.copyOf(seen.values());
    }

    /**
     * Runs in the worker task: reports the trained network's helpers once per task, and logs them layer by layer in
     * the executor's own log the first time in that JVM.
     */
    private static final class Hook implements TrainingHook {
        private static final long serialVersionUID = 1L;
        private static final AtomicBoolean LOGGED_IN_THIS_JVM = new AtomicBoolean();
        private final CollectionAccumulator<ExecutorHelpers> reports;
        private transient boolean reported;

        Hook(CollectionAccumulator<ExecutorHelpers> reports) {
            this.reports = reports;
        }

        private void report(Model model) {
            if (reported || !(model instanceof ComputationGraph graph)) {
                return;
            }
            reported = true;
            HelperReport report = FastCpuPath.report(graph);
            if (LOGGED_IN_THIS_JVM.compareAndSet(false, true)) {
                FastCpuPath.logReport(report);
            }
            SparkEnv env = SparkEnv.get();
            BackendChoice.Backend backend = BackendChoice.Backend.loaded();
            reports.add(ExecutorHelpers.of(env == null ? "?" : env.executorId(), hostName(),
                    ProcessHandle.current().pid(), report, backend.name(), taskGpuAddresses(),
                    backend == BackendChoice.Backend.CUDA ? Nd4j.getAffinityManager().getDeviceForCurrentThread()
                            : null));
        }

        @Override
        public void preUpdate(DataSet minibatch, Model model) {
            report(model);
        }

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            report(model);
        }

        @Override
        public void postUpdate(DataSet minibatch, Model model) {
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
        }
    }

    /** The GPU addresses Spark assigned to this task (empty without GPU scheduling). */
    static List<String> taskGpuAddresses() {
        TaskContext tc = TaskContext.get();
        ResourceInformation gpu = tc == null ? null : tc.resourcesJMap().get(Nd4jBackendPlugin.GPU);
        return gpu == null ? List.of() : List.of(gpu.addresses());
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}

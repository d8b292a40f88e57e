package critdamp.spark.testing;

import critdamp.engine.EngineKind;
import critdamp.spark.train.SparkContexts;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Spark context for every test class of the test JVM that extends with this: {@code local[2]}, made as the
 * application makes its own ({@link SparkContexts#getOrCreate}: fast path, executor options, plugin), with the UI off.
 * It is started before the first such class and stopped once, when the JVM's test run ends (Spark takes seconds to
 * start a context, and the code under test, which calls {@code SparkContexts.getOrCreate} itself, gets this one back:
 * Spark hands back the active context). Test methods, constructors and {@code @BeforeAll} methods may take it as a
 * {@link JavaSparkContext} parameter. A class that needs a context of its own uses {@link OwnSparkContext} instead,
 * which stops this one; the next class that needs it gets it started again. After each class, the RDDs it left
 * persisted and its job group are cleared, so that no class sees another's; a class that changes the context's
 * configuration (its Hadoop configuration, say) must have its own.
 */
public final class SharedSpark implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    static final String MASTER = "local[2]";
    static final String APP_NAME = "critdamp-tests";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSpark.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context).context();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        shared(context).clearWhatAClassLeft();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == JavaSparkContext.class;
    }

    @Override
    public JavaSparkContext resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context).context();
    }

    /** The one holder of the test run, kept in the root store, which closes it when the run ends. */
    private static Shared shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, k -> new Shared(),
                Shared.class);
    }

    /** The shared context, started when first asked for and again after a class with its own stopped it. */
    private static final class Shared implements AutoCloseable {
        private JavaSparkContext sc;

        synchronized JavaSparkContext context() {
            if (sc == null || sc.sc().isStopped()) {
                OwnSparkContext.stopActive(); // Spark allows one per JVM, and getOrCreate would hand back another's
                sc = start();
            }
            return sc;
        }

        private static JavaSparkContext start() {
            String ui = System.getProperty("spark.ui.enabled");
            System.setProperty("spark.ui.enabled", "false"); // read by SparkConf: getOrCreate's conf gets it
            try {
                return SparkContexts.getOrCreate(APP_NAME, MASTER, EngineKind.DL4J); // the default engine, as before
            } finally {
                if (ui == null) {
                    System.clearProperty("spark.ui.enabled");
                } else {
                    System.setProperty("spark.ui.enabled", ui);
                }
            }
        }

        synchronized void clearWhatAClassLeft() {
            if (sc == null || sc.sc().isStopped()) {
                return;
            }
            sc.getPersistentRDDs().values().forEach(rdd -> rdd.unpersist(true));
            sc.clearJobGroup();
        }

        @Override
        public synchronized void close() {
            if (sc != null) {
                sc.stop();
            }
        }
    }
}

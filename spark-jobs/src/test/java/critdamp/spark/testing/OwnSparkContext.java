package critdamp.spark.testing;

import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a test class whose Spark contexts are its own (its own settings, master or configuration, or contexts the code
 * under test starts and stops), not {@link SharedSpark}'s: the class starts with no context running, the shared one
 * stopped (Spark allows one per JVM, and {@code getOrCreate} hands back a running one whatever it is asked for), and
 * leaves none.
 */
public final class OwnSparkContext implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        stopActive();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopActive();
    }

    /** Stops the JVM's running Spark context, if any. */
    static void stopActive() {
        scala.Option<SparkContext> active = SparkContext$.MODULE$.getActive(); // Spark-internal, no static forwarder
        if (active.isDefined()) {
            active.get().stop();
        }
    }
}

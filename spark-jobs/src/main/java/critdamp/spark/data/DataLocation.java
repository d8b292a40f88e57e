package critdamp.spark.data;

import critdamp.config.DataSpec;
import critdamp.data.Cifar10Checksums;
import critdamp.data.Cifar10Fetcher;
import critdamp.data.Cifar10Layout;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's CIFAR-10 files are, checked on the driver before any Spark work starts: the configured directory (any
 * Hadoop URI), or the local cache, fetched and MD5-verified when absent. Every file's size and every label byte are
 * checked ({@link Cifar10Layout#verify}): a missing, wrong-sized or mislabelled file fails here, by name and record.
 *
 * @param layout    the six files
 * @param fetched   true when the data came from (or was put into) the verified cache
 * @param counts    records per file, as validated
 */
public record DataLocation(Cifar10Layout layout, boolean fetched, Cifar10Layout.Counts counts) {

    public static DataLocation resolve(DataSpec spec, Configuration conf) {
        try {
            if (spec.dir() != null) {
                Cifar10Layout layout = Cifar10Layout.of(spec.dir());
                return new DataLocation(layout, false, layout.verify(conf));
            }
            Path dir = Cifar10Fetcher.ensure(spec.cacheDirPath(), spec.fetchFrom());
            Cifar10Layout layout = Cifar10Layout.of(dir);
            return new DataLocation(layout, true, layout.verify(conf));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** For provenance: where the data is and how it was checked. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("directory", layout.directory());
        m.put("trainRecords", String.valueOf(counts.train()));
        m.put("testRecords", String.valueOf(counts.test()));
        m.put("verification", fetched ? "MD5 of every file checked against " + Cifar10Checksums.class.getSimpleName()
                : "sizes and every label checked (user-given directory)");
        return m;
    }
}

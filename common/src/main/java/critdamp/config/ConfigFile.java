package critdamp.config;

import critdamp.base.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A config or sweep file, read through the Hadoop {@link FileSystem} so that it can live where the run's data and
 * results live: {@code hdfs://nn/conf/x.yaml}, {@code s3a://bucket/x.yaml}, {@code file:/abs/x.yaml}, or a plain path.
 * In cluster deploy mode the driver runs on a cluster node, where the submitting machine's local files are not.
 *
 * <p>A location without a scheme is always a <em>local</em> file, relative to the working directory, even where
 * {@code fs.defaultFS} names a cluster: {@code -c conf/x.yaml} means the same file on every machine, as before.
 *
 * <p>Hadoop settings: the file is read before the Spark context exists (the config names the master), so Spark's
 * {@code hadoopConfiguration} is not available. A plain {@link Configuration} reads {@code core-site.xml} and
 * {@code hdfs-site.xml} from the classpath ({@code HADOOP_CONF_DIR}, which {@code spark-submit} on YARN and the Spark
 * images put there); on top of it go the {@code spark.hadoop.*} system properties with the prefix removed, which is
 * how {@code spark-submit --conf spark.hadoop.fs.s3a.endpoint=...} reaches the driver before its context starts, and
 * the same layering Spark applies to its own Hadoop configuration.
 */
public final class ConfigFile {
    private static final String SPARK_HADOOP = "spark.hadoop.";
    /** A URI scheme of two or more characters (one letter would be a Windows drive). */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final Path path;
    private final boolean local;
    private final boolean relative;
    private final String given; // null where derived (parent, resolve)
    private final Configuration conf;

    private ConfigFile(Path path, boolean local, boolean relative, String given, Configuration conf) {
        this.path = path;
        this.local = local;
        this.relative = relative;
        this.given = given;
        this.conf = conf;
    }

    /** {@code location}: a Hadoop URI, or a local path (relative to the working directory). */
    public static ConfigFile of(String location) {
        return of(location, hadoopConfiguration());
    }

    static ConfigFile of(String location, Configuration conf) {
        if (SCHEME.matcher(location).matches()) {
            return new ConfigFile(new Path(location), false, false, location, conf);
        }
        java.nio.file.Path local = java.nio.file.Path.of(location);
        return new ConfigFile(new Path(local.toAbsolutePath().normalize().toUri()), true, !local.isAbsolute(),
                location, conf);
    }

    /** Hadoop settings for reading configs: site files from the classpath plus {@code spark.hadoop.*} properties. */
    public static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith(SPARK_HADOOP) && key.length() > SPARK_HADOOP.length()) {
                conf.set(key.substring(SPARK_HADOOP.length()), String.valueOf(e.getValue()));
            }
        }
        return conf;
    }

    /** True for a plain path given without a scheme: {@link #resolve} may try it against other directories. */
    public boolean isRelative() {
        return relative;
    }

    /** Whether a regular file is there. Fails with one line naming the file where the file system cannot answer. */
    public boolean isFile() {
        try {
            FileStatus status = fileSystem().getFileStatus(path);
            return status.isFile();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** The whole file as UTF-8 text. */
    public String read() {
        try (InputStream in = fileSystem().open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** The directory holding this file (or this directory's parent); null at the root. */
    public ConfigFile parent() {
        Path p = path.getParent();
        return p == null ? null : at(p);
    }

    /** {@code relative} inside this directory, on the same file system. */
    public ConfigFile resolve(String relative) {
        return at(new Path(path, relative));
    }

    private ConfigFile at(Path p) {
        return new ConfigFile(p, local, false, null, conf);
    }

    /** Where the file is, unambiguously: the absolute path of a local file, else the full URI. */
    public String fullName() {
        return local ? path.toUri().getPath() : qualified().toString();
    }

    /** The location as the user gave it (error messages about the file's content), else {@link #fullName}. */
    @Override
    public String toString() {
        return given != null ? given : fullName();
    }

    private FileSystem fileSystem() throws IOException {
        return path.getFileSystem(conf);
    }

    private Path qualified() {
        try {
            return fileSystem().makeQualified(path);
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }

    private ConfigException unreadable(Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("");
        return new ConfigException("cannot read " + fullName() + ": " + why, e);
    }
}

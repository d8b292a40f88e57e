package critdamp.config;

import critdamp.base.ConfigException;
import critdamp.base.Check;

/**
 * Where a run writes and how it is seeded.
 *
 * @param name       run name; the run folder is {@code resultsDir/name}
 * @param resultsDir any Hadoop path (file:, hdfs:, s3a:) or a local directory
 * @param seed       one seed from which data order, augmentation and initialisation derive
 */
public record RunSpec(String name, String resultsDir, Long seed) {
    public RunSpec {
        name = name == null ? "run" : name;
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException("run.name = '" + name + "': only letters, digits, '.', '_' and '-' (it names a folder)");
        }
        resultsDir = Check.notBlank("run.resultsDir", resultsDir == null ? "runs" : resultsDir);
        seed = seed == null ? 42L : seed;
    }
}

package critdamp.config;

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
        name = Check.folderName("run.name", name == null ? "run" : name);
        resultsDir = Check.notBlank("run.resultsDir", resultsDir == null ? "runs" : resultsDir);
        seed = seed == null ? 42L : seed;
    }

    public RunSpec withName(String name) {
        return new RunSpec(name, resultsDir, seed);
    }

    public RunSpec withResultsDir(String resultsDir) {
        return new RunSpec(name, resultsDir, seed);
    }

    public RunSpec withSeed(long seed) {
        return new RunSpec(name, resultsDir, seed);
    }
}

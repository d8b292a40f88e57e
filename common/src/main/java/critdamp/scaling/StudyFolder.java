package critdamp.scaling;

import critdamp.base.ConfigException;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A scaling study's folder ({@code <resultsDir>/<study>}) and where it stands: one ordinary run folder per run
 * ({@code <mode>-w<K>/}), the config each run was started with ({@value #PLANS_DIR}/), each run's console
 * ({@value #LOGS_DIR}/), the tables and the plot. A run is done when its folder holds {@code summary.json}. Resuming
 * skips done runs and starts the others again from scratch, after moving an unfinished attempt's folder to
 * {@value #ATTEMPTS_DIR}/{@code <run>-<k>} (never deleted); a resumed study must plan each run as before.
 */
public final class StudyFolder {
    public static final String PLANS_DIR = "plans";
    public static final String LOGS_DIR = "logs";
    public static final String ATTEMPTS_DIR = "attempts";

    private final RunFolder dir;

    public StudyFolder(RunFolder dir) {
        this.dir = dir;
    }

    public RunFolder folder() {
        return dir;
    }

    /** Whether run {@code run} finished (its {@code summary.json} exists). */
    public boolean isDone(String run) {
        return dir.exists(run + "/" + RunFiles.SUMMARY_JSON);
    }

    /** Where run {@code run}'s folder is (or will be). */
    public String runFolder(String run) {
        return dir.resolve(run).toString();
    }

    /** Where run {@code run}'s config ({@code plans/<run>.json}) is. */
    public String planLocation(String run) {
        return dir.resolve(planFile(run)).toString();
    }

    /**
     * Writes the config run {@code run} starts with; on a resumed study, the one written before must say the same.
     *
     * @throws ConfigException when an earlier plan of this run differs (the study changed: start a new one)
     */
    public void writePlan(String run, String configJson) {
        if (dir.exists(planFile(run))) {
            if (!dir.readString(planFile(run)).equals(configJson)) {
                throw new ConfigException(dir.resolve(planFile(run)) + ": run " + run + " was planned differently in "
                        + "this study before (compare the file with the new plan); start a new study for the change");
            }
            return;
        }
        dir.writeAtomically(planFile(run), configJson);
    }

    /** Keeps run {@code run}'s console output as {@code logs/<run>.log}. */
    public void writeLog(String run, String text) {
        dir.writeAtomically(LOGS_DIR + "/" + run + ".log", text);
    }

    /**
     * Moves the folder of an unfinished earlier attempt of {@code run} to {@code attempts/<run>-<k>}, so the new
     * attempt gets the name; nothing to do when there is none.
     *
     * @return where it went, or null
     */
    public Path moveAsideUnfinished(String run) {
        FileSystem fs = dir.fileSystem();
        Path folder = dir.resolve(run);
        try {
            if (!fs.exists(folder)) {
                return null;
            }
            int k = 1;
            Path target;
            do {
                target = dir.resolve(ATTEMPTS_DIR + "/" + run + "-" + k++);
            } while (fs.exists(target));
            fs.mkdirs(target.getParent());
            if (!fs.rename(folder, target)) {
                throw new IOException("rename returned false");
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the unfinished attempt " + folder + " aside: "
                    + e.getMessage(), e);
        }
    }

    private static String planFile(String run) {
        return PLANS_DIR + "/" + run + ".json";
    }
}

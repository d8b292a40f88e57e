package critdamp.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The git commit this code was built from: the build writes it into the jar ({@value #RESOURCE}, by
 * git-commit-id-maven-plugin), so a run on a cluster, far from any checkout, still names it. The launcher's
 * {@code CRITDAMP_GIT_COMMIT} overrides it when set; a build outside a git checkout says "unknown".
 */
public final class BuildCommit {
    /** Classpath resource the build writes ({@code git.commit.id.abbrev}, {@code git.commit.id.full}, {@code git.dirty}). */
    public static final String RESOURCE = "critdamp/git.properties";
    /** Environment variable that overrides the built-in commit. */
    public static final String OVERRIDE = "CRITDAMP_GIT_COMMIT";
    public static final String UNKNOWN = "unknown";

    private BuildCommit() {
    }

    /** This JVM's answer: the override from the environment, else the commit in the jar, else "unknown". */
    public static String current() {
        return resolve(System.getenv(OVERRIDE), baked());
    }

    /**
     * @param override the environment's value (null or blank: none)
     * @param baked    the build's properties (empty when the build had no git checkout)
     * @return the override; else the abbreviated commit, with "-dirty" when the build had uncommitted changes;
     *         else "unknown"
     */
    static String resolve(String override, Properties baked) {
        if (override != null && !override.isBlank()) {
            return override.strip();
        }
        String commit = baked.getProperty("git.commit.id.abbrev", "").strip();
        if (commit.isEmpty()) {
            return UNKNOWN;
        }
        return "true".equals(baked.getProperty("git.dirty")) ? commit + "-dirty" : commit;
    }

    /** The properties the build wrote, or none. */
    static Properties baked() {
        Properties p = new Properties();
        try (InputStream in = BuildCommit.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: treated as a build without git information
        }
        return p;
    }
}

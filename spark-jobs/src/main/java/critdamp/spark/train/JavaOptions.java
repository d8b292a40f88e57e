package critdamp.spark.train;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges JVM options (the value of {@code spark.executor.extraJavaOptions} and the like) instead of replacing them.
 *
 * <p>Spark takes one string per option: a cluster's defaults, a submit script or a manifest that sets it to its own
 * flags (say the off-heap limits) silently drops every flag critdamp needs, such as DL4J's fast path. {@link #merge}
 * keeps every option the user gave and appends each required {@code -Dkey=value} whose key the user did not set; a
 * key the user set wins, so {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} still turns the helpers off on
 * purpose.
 */
public final class JavaOptions {
    private static final Pattern SYSTEM_PROPERTY = Pattern.compile("^-D([^=\\s]+)(=.*)?$");

    private JavaOptions() {
    }

    /**
     * {@code user}, verbatim, followed by each option of {@code required} that it lacks: a {@code -Dkey=...} is lacking when no
     * option of {@code user} sets that key, any other option when {@code user} does not contain it verbatim.
     *
     * @param user     the options already set (may be null or blank)
     * @param required the options every JVM of the application needs, space-separated
     */
    public static String merge(String user, String required) {
        List<String> have = split(user);
        List<String> out = new ArrayList<>();
        if (user != null && !user.isBlank()) {
            out.add(user.trim());   // verbatim: quoted values keep their spaces
        }
        for (String option : split(required)) {
            String key = propertyKey(option);
            boolean present = key == null ? have.contains(option)
                    : have.stream().anyMatch(h -> key.equals(propertyKey(h)));
            if (!present) {
                out.add(option);
            }
        }
        return String.join(" ", out);
    }

    private static String propertyKey(String option) {
        Matcher m = SYSTEM_PROPERTY.matcher(option);
        return m.matches() ? m.group(1) : null;
    }

    private static List<String> split(String options) {
        List<String> out = new ArrayList<>();
        if (options != null) {
            for (String s : options.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}

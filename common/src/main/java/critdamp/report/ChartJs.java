package critdamp.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Chart.js (MIT), read from its WebJar on the classpath ({@code org.webjars.npm:chart.js}) so a page can inline it and
 * work offline, with no file beside it and nothing fetched from the network.
 */
final class ChartJs {
    /**
     * The WebJar's version, as common/pom.xml names it (a test checks the two agree): the bundle's path holds it, and
     * a constant does not depend on the jar keeping {@code META-INF/maven} (a shaded jar may drop it).
     */
    static final String VERSION = "4.5.1";
    static final String GROUP = "org.webjars.npm";
    static final String ARTIFACT = "chart.js";

    private ChartJs() {
    }

    static String version() {
        return VERSION;
    }

    /** The minified UMD bundle (defines the global {@code Chart}); it keeps its licence banner. */
    static String script() {
        String res = "META-INF/resources/webjars/" + ARTIFACT + "/" + VERSION + "/dist/chart.umd.min.js";
        try (InputStream in = ChartJs.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("Chart.js " + VERSION + " is not on the classpath (no " + res
                        + "): the " + GROUP + ":" + ARTIFACT + " WebJar in the build must be that version");
            }
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // Inlined in <script>: a literal "</script" inside it would end the element early.
            return js.replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + res + ": " + e.getMessage(), e);
        }
    }
}

package critdamp.report;

import critdamp.run.Provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Chart.js (MIT), read from its WebJar on the classpath ({@code org.webjars.npm:chart.js}) so a page can inline it and
 * work offline, with no file beside it and nothing fetched from the network.
 */
final class ChartJs {
    private static final String GROUP = "org.webjars.npm";
    private static final String ARTIFACT = "chart.js";

    private ChartJs() {
    }

    /** The WebJar's version, from its {@code pom.properties}. */
    static String version() {
        String v = Provenance.mavenVersion(GROUP, ARTIFACT);
        if ("unknown".equals(v)) {
            throw new IllegalStateException("Chart.js is not on the classpath (" + GROUP + ":" + ARTIFACT
                    + " WebJar missing from the build)");
        }
        return v;
    }

    /** The minified UMD bundle (defines the global {@code Chart}); it keeps its licence banner. */
    static String script() {
        String res = "META-INF/resources/webjars/" + ARTIFACT + "/" + version() + "/dist/chart.umd.min.js";
        try (InputStream in = ChartJs.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("Chart.js WebJar has no " + res);
            }
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // Inlined in <script>: a literal "</script" inside it would end the element early.
            return js.replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + res + ": " + e.getMessage(), e);
        }
    }
}

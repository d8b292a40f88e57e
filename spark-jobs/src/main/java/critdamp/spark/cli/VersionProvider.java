package critdamp.spark.cli;

import critdamp.run.Provenance;
import picocli.CommandLine;

/** {@code --version}: critdamp's version and the versions of the stack it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return Provenance.versions(org.apache.spark.package$.MODULE$.SPARK_VERSION()).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
    }
}

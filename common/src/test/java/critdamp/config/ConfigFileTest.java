package critdamp.config;

import critdamp.base.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.sweep.SweepGrid;
import critdamp.sweep.SweepPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Configs and sweep files read through the Hadoop FileSystem: plain paths stay local (relative to the working
 * directory), {@code file:} URIs go through Hadoop, a sweep's relative base is found beside the sweep file on the
 * sweep file's own file system, and a missing or unreachable file is one line naming it. (Real HDFS:
 * {@code critdamp.spark.cli.HdfsEndToEndTest} in spark-jobs.)
 */
class ConfigFileTest {
    private static final String CONFIG = "run: {name: from-file}\ntraining: {epochs: 2}\n"
            + "learningRate: {kind: cosine, baseLr: 0.05}\nmomentum: {kind: physics}\n";

    @TempDir
    Path tmp;

    @Test
    void readsAPlainPathAndAFileUriAlike() throws Exception {
        Path file = Files.writeString(tmp.resolve("x.yaml"), CONFIG);
        TrainConfig plain = ConfigLoader.load(file.toString(), List.of(), TrainConfig.class);
        TrainConfig uri = ConfigLoader.load(file.toUri().toString(), List.of("training.epochs=4"), TrainConfig.class);
        assertThat(plain.run().name()).isEqualTo("from-file");
        assertThat(plain.training().epochs()).isEqualTo(2);
        assertThat(uri.run().name()).isEqualTo("from-file");
        assertThat(uri.training().epochs()).isEqualTo(4);
    }

    @Test
    void aRelativePathIsLocalToTheWorkingDirectory() {
        // surefire runs in the module directory: ../conf is the project's conf/
        ConfigFile f = ConfigFile.of("../conf/cifar10-small-cnn.yaml");
        assertThat(f.isRelative()).isTrue();
        assertThat(f.isFile()).isTrue();
        assertThat(f.fullName()).isEqualTo(Path.of("../conf/cifar10-small-cnn.yaml").toAbsolutePath().normalize()
                .toString());
        assertThat(ConfigFile.of("file:/etc/hostname").isRelative()).isFalse();
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        String uri = tmp.resolve("none.yaml").toUri().toString();
        assertThatThrownBy(() -> ConfigLoader.load(uri, List.of(), TrainConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file not found: file:" + tmp.resolve("none.yaml"));
        assertThatThrownBy(() -> ConfigLoader.load("nope/none.yaml", List.of(), TrainConfig.class))
                .hasMessage("config file not found: " + Path.of("nope/none.yaml").toAbsolutePath());
        assertThatThrownBy(() -> SweepConfig.load(uri, List.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("sweep file not found: ");
    }

    @Test
    void aFileSystemWithoutAnImplementationIsOneLineNamingTheUri() {
        assertThatThrownBy(() -> ConfigLoader.load("nofs://host/conf/x.yaml", List.of(), TrainConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read nofs://host/conf/x.yaml: ")
                .hasMessageContaining("nofs")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aSweepOnAUriFindsItsRelativeBaseBesideIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(dir.resolve("base.yaml"), CONFIG);
        Path sweep = Files.writeString(dir.resolve("sweep.yaml"),
                "name: s\nbase: base.yaml\ngrid: {run.seed: [1, 2]}\n");
        SweepConfig s = SweepConfig.load(sweep.toUri().toString(), List.of());
        assertThat(s.base()).isEqualTo(dir.resolve("base.yaml").toUri().toString().replaceFirst("^file:///", "file:/"));
        List<SweepPoint> points = SweepGrid.expand(s);
        assertThat(points).hasSize(2);
        assertThat(points.get(1).config().run().seed()).isEqualTo(2);
        // one level up too, as for local sweep files (base: conf/x.yaml in conf/sweep.yaml)
        Path nested = Files.writeString(dir.resolve("nested.yaml"),
                "name: n\nbase: conf/base.yaml\ngrid: {run.seed: [1]}\n");
        assertThat(SweepConfig.load(nested.toUri().toString(), List.of()).base()).endsWith("/conf/base.yaml");
    }

    @Test
    void sparkHadoopSystemPropertiesReachTheHadoopConfiguration() {
        String key = "spark.hadoop.critdamp.test.setting";
        System.setProperty(key, "from-spark-submit");
        try {
            assertThat(ConfigFile.hadoopConfiguration().get("critdamp.test.setting")).isEqualTo("from-spark-submit");
        } finally {
            System.clearProperty(key);
        }
        assertThat(ConfigFile.hadoopConfiguration().get("critdamp.test.setting")).isNull();
    }
}

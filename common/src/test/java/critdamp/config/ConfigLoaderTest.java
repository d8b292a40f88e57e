package critdamp.config;

import critdamp.engine.EngineKind;
import critdamp.optim.OptimizerKind;
import critdamp.base.Json;
import critdamp.base.ConfigException;
import critdamp.model.ModelKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final String MINIMAL = """
            learningRate: {kind: cosine, baseLr: 0.05}
            momentum: {kind: physics}
            """;

    @Test
    void defaultsAreTheDocumentedOnes() {
        TrainConfig c = ConfigLoader.parse(MINIMAL, List.of(), TrainConfig.class);
        assertThat(c.run().seed()).isEqualTo(42L);
        assertThat(c.model().kind()).isEqualTo(ModelKind.SMALL_CNN);
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerKind.HEAVY_BALL);
        assertThat(c.training().batchSize()).isEqualTo(64);
        assertThat(c.spark().master()).isEqualTo("local[2]");
        assertThat(c.spark().workers()).isEqualTo(2);
        assertThat(c.spark().averagingFrequency()).isEqualTo(5);
        assertThat(c.data().validationFraction()).isEqualTo(0.1);
    }

    @Test
    void overridesApplyBeforeValidation() {
        TrainConfig c = ConfigLoader.parse(MINIMAL,
                List.of("training.epochs=3", "model.kind=resnet20", "training.targetAccuracies=[0.5, 0.9]"),
                TrainConfig.class);
        assertThat(c.training().epochs()).isEqualTo(3);
        assertThat(c.model().kind()).isEqualTo(ModelKind.RESNET20);
        assertThat(c.training().targetAccuracies()).containsExactly(0.5, 0.9);
    }

    @Test
    void theEngineIsDl4jUnlessTorchIsAskedForAndTorchTakesHeavyBallOnly() {
        assertThat(ConfigLoader.parse(MINIMAL, List.of(), TrainConfig.class).engine())
                .isEqualTo(EngineKind.DL4J);
        assertThat(ConfigLoader.parse(MINIMAL, List.of("engine=torch"), TrainConfig.class).engine())
                .isEqualTo(EngineKind.TORCH);
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, List.of("engine=torhc"), TrainConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("torch");
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, List.of("engine=torch", "optimizer.kind=adam"),
                TrainConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(": optimizer.kind = adam: engine = torch trains with heavy_ball only; use engine = dl4j "
                        + "for nesterov and adam");
    }

    @Test
    void unknownKeyIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, List.of("training.epoch=3"), TrainConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'training.epoch'")
                .hasMessageContaining("epochs");
    }

    @Test
    void badValueNamesTheFieldAndTheRange() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, List.of("training.batchSize=0"), TrainConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.batchSize = 0")
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, List.of("data.validationFraction=0.7"),
                TrainConfig.class))
                .hasMessageContaining("data.validationFraction = 0.7");
    }

    @Test
    void misspelledChoiceGetsASuggestion() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, List.of("optimizer.kind=heavy_bal"), TrainConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'heavy_bal'")
                .hasMessageContaining("did you mean 'heavy_ball'");
    }

    @Test
    void batchLargerThanAPartitionIsRejectedUpFront() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL,
                List.of("data.maxTrainRecords=100", "spark.workers=2", "training.batchSize=64"), TrainConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("larger than a worker's partition");
    }

    @Test
    void savedJsonReadsBackEqual() {
        TrainConfig c = ConfigLoader.parse(MINIMAL, List.of("run.name=x", "training.epochs=7"), TrainConfig.class);
        TrainConfig back = ConfigLoader.parse(Json.write(c), List.of(), TrainConfig.class);
        assertThat(back).isEqualTo(c);
    }

    @Test
    void fashionMnistParsesAndDefaultsToNoAugmentation() {
        TrainConfig f = ConfigLoader.parse(MINIMAL, List.of("data.dataset=fashion_mnist"), TrainConfig.class);
        assertThat(f.data().dataset()).isEqualTo(DatasetKind.FASHION_MNIST);
        assertThat(f.data().augment()).as("pad-crop-flip is CIFAR-10 only").isFalse();
        assertThat(ConfigLoader.parse(Json.write(f), List.of(), TrainConfig.class)).isEqualTo(f);
        assertThat(ConfigLoader.parse(MINIMAL, List.of("data.dataset=Fashion-MNIST"), TrainConfig.class)
                .data().dataset()).isEqualTo(DatasetKind.FASHION_MNIST);
        TrainConfig c = ConfigLoader.parse(MINIMAL, List.of(), TrainConfig.class);
        assertThat(c.data().dataset()).isEqualTo(DatasetKind.CIFAR10);
        assertThat(c.data().augment()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, List.of("data.dataset=fashion_mnst"), TrainConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean 'fashion_mnist'")
                .hasMessageContaining("cifar10, fashion_mnist");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("nope/none.yaml"), List.of(), TrainConfig.class))
                .hasMessageContaining("config file not found").hasMessageContaining("none.yaml");
    }

    @Test
    void everyShippedConfigLoads() throws Exception {
        Path conf = Path.of("..", "conf");
        try (var files = Files.list(conf)) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")
                    && !p.getFileName().toString().startsWith("sweep")
                    && !p.getFileName().toString().startsWith("lr-study")).toList();
            assertThat(yamls).isNotEmpty();
            for (Path p : yamls) {
                assertThat(ConfigLoader.load(p, List.of(), TrainConfig.class)).as(p.toString()).isNotNull();
            }
        }
    }
}

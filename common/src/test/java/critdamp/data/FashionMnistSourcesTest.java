package critdamp.data;

import critdamp.config.DatasetKind;
import critdamp.model.InputShape;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FashionMnist} from a Hadoop file system and from streams, batching in a chosen order, subsets, Java
 * serialization (it travels to Spark executors), and the data set to input shape mapping ({@link Datasets}).
 */
class FashionMnistSourcesTest {
    private static float standardised(FashionMnist d, int image, int y, int x) {
        return (d.pixel(image, y, x) / 255f - FashionMnist.MEAN) / FashionMnist.STD;
    }

    private static void assertSameImages(FashionMnist a, FashionMnist b) {
        assertThat(a.size()).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.label(i)).as("label %d", i).isEqualTo(b.label(i));
            for (int p = 0; p < FashionMnist.PIXELS; p += 13) {
                assertThat(a.pixel(i, p / 28, p % 28)).isEqualTo(b.pixel(i, p / 28, p % 28));
            }
        }
    }

    @Test
    void hadoopFileUriStreamsAndLocalPathsReadTheSameImages(@TempDir Path tmp) throws IOException {
        Path gz = SyntheticFashionMnist.write(tmp.resolve("gz"), 40, 12, 3L, true);
        Path plain = SyntheticFashionMnist.write(tmp.resolve("plain"), 40, 12, 3L, false);
        FashionMnist local = FashionMnist.train(plain);
        assertThat(local.size()).isEqualTo(40);
        Configuration conf = new Configuration();
        String uri = gz.toUri().toString();
        assertThat(uri).startsWith("file:");
        assertSameImages(FashionMnist.train(conf, uri), local);
        assertSameImages(FashionMnist.train(conf, plain.toString() + "/"), local);
        assertThat(FashionMnist.test(conf, uri).size()).isEqualTo(12);
        assertSameImages(FashionMnist.test(conf, uri), FashionMnist.test(plain));
        // gzip is recognised by content, not by name
        Path renamed = tmp.resolve("renamed");
        Files.createDirectories(renamed);
        Files.copy(gz.resolve(FashionMnist.TRAIN_IMAGES + ".gz"), renamed.resolve("imgs"));
        Files.copy(plain.resolve(FashionMnist.TRAIN_LABELS), renamed.resolve("labs"));
        try (InputStream i = Files.newInputStream(renamed.resolve("imgs"));
             InputStream l = Files.newInputStream(renamed.resolve("labs"))) {
            assertSameImages(FashionMnist.read(i, "imgs", l, "labs"), local);
        }
        assertSameImages(FashionMnist.read(renamed.resolve("imgs"), renamed.resolve("labs")), local);
    }

    @Test
    void missingFilesNameThePathAndTheFix(@TempDir Path tmp) throws IOException {
        Configuration conf = new Configuration();
        String uri = tmp.toUri().toString();
        assertThatThrownBy(() -> FashionMnist.train(conf, uri))
                .hasMessageContaining(FashionMnist.TRAIN_IMAGES)
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("data.dir");
        SyntheticFashionMnist.write(tmp, 5, 5, 1L, true);
        Files.delete(tmp.resolve(FashionMnist.TEST_LABELS + ".gz"));
        assertThatThrownBy(() -> FashionMnist.test(conf, uri)).hasMessageContaining(FashionMnist.TEST_LABELS);
        try (InputStream i = Files.newInputStream(tmp.resolve(FashionMnist.TRAIN_LABELS + ".gz"));
             InputStream l = Files.newInputStream(tmp.resolve(FashionMnist.TRAIN_LABELS + ".gz"))) {
            assertThatThrownBy(() -> FashionMnist.read(i, "labels-as-images", l, "labels"))
                    .hasMessageContaining("labels-as-images").hasMessageContaining("not an idx3 image file");
        }
    }

    @Test
    void batchesFollowTheGivenOrderAndSubsetsKeepTheirImages(@TempDir Path tmp) throws Exception {
        FashionMnist d = FashionMnist.train(SyntheticFashionMnist.write(tmp, 30, 5, 9L, true));
        int[] order = {7, 0, 7, 29, 3};
        List<DataSet> batches = d.toDataSets(order, 2);
        assertThat(batches).hasSize(3);
        assertThat(batches.get(2).getFeatures().shape()).containsExactly(1, 1, 28, 28);
        for (int k = 0; k < order.length; k++) {
            DataSet b = batches.get(k / 2);
            int row = k % 2;
            assertThat(b.getLabels().getFloat(row, d.label(order[k]))).as("label of position %d", k).isEqualTo(1f);
            assertThat(b.getLabels().sumNumber().intValue()).isEqualTo((int) b.getLabels().size(0));
            for (int[] yx : new int[][]{{0, 0}, {5, 9}, {14, 14}, {27, 27}}) {
                assertThat(b.getFeatures().getFloat(row, 0, yx[0], yx[1]))
                        .isEqualTo(standardised(d, order[k], yx[0], yx[1]));
            }
        }
        assertThatThrownBy(() -> d.toDataSets(new int[]{30}, 4)).isInstanceOf(IndexOutOfBoundsException.class);

        FashionMnist sub = d.subset(new int[]{29, 4, 4});
        assertThat(sub.size()).isEqualTo(3);
        assertThat(sub.label(0)).isEqualTo(d.label(29));
        assertThat(sub.pixel(0, 10, 11)).isEqualTo(d.pixel(29, 10, 11));
        assertThat(sub.pixel(2, 27, 0)).isEqualTo(d.pixel(4, 27, 0));
        assertSameImages(d.range(10, 20), d.subset(java.util.stream.IntStream.range(10, 20).toArray()));
        assertThat(d.subset(new int[0]).toDataSets(4, -1)).isEmpty();

        // Serializable, as Spark ships it to executors
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sub);
        }
        try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertSameImages((FashionMnist) in.readObject(), sub);
        }
    }

    @Test
    void everyDataSetMapsToItsInputShapeAndClasses() {
        assertThat(Datasets.inputShape(DatasetKind.FASHION_MNIST)).isEqualTo(new InputShape(1, 28, 28));
        assertThat(Datasets.inputShape(DatasetKind.CIFAR10)).isEqualTo(new InputShape(3, 32, 32));
        for (DatasetKind k : DatasetKind.values()) {
            assertThat(Datasets.numClasses(k)).isEqualTo(10);
        }
    }
}

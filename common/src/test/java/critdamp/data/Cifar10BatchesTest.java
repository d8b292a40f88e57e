package critdamp.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Cifar10BatchesTest {
    @Test
    void shapesOneHotNormalisationAndLastPartialBatch() {
        List<Cifar10Record> recs = Cifar10TestFiles.records(23, 0, 5);
        ChannelNormalization norm = ChannelNormalization.CIFAR10;
        List<DataSet> ds = Cifar10Batches.toDataSets(recs, 10, norm, null, 0L);
        assertThat(ds).hasSize(3);
        assertThat(ds.get(0).getFeatures().shape()).containsExactly(10, 3, 32, 32);
        assertThat(ds.get(2).getFeatures().shape()).containsExactly(3, 3, 32, 32);
        assertThat(ds.get(2).getLabels().shape()).containsExactly(3, 10);
        assertThat(ds.get(0).getFeatures().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(ds.get(0).getLabels().dataType()).isEqualTo(DataType.FLOAT);
        for (int b = 0; b < ds.size(); b++) {
            DataSet d = ds.get(b);
            for (int i = 0; i < d.numExamples(); i++) {
                Cifar10Record r = recs.get(b * 10 + i);
                for (int k = 0; k < 10; k++) {
                    assertThat(d.getLabels().getFloat(i, k)).isEqualTo(k == r.label() ? 1f : 0f);
                }
                for (int[] p : new int[][]{{0, 0, 0}, {1, 5, 7}, {2, 31, 31}, {0, 17, 30}}) {
                    assertThat(d.getFeatures().getFloat(i, p[0], p[1], p[2]))
                            .isCloseTo(norm.normalize(p[0], r.pixel(p[0], p[1], p[2])), within(0f));
                }
            }
        }
        assertThat(Cifar10Batches.toDataSets(List.of(), 10, norm, null, 0L)).isEmpty();
    }

    @Test
    void augmentationIsReplayableBySeed() {
        List<Cifar10Record> recs = Cifar10TestFiles.records(12, 0, 6);
        Augmentation aug = Augmentation.standard();
        List<DataSet> a = Cifar10Batches.toDataSets(recs, 5, ChannelNormalization.CIFAR10, aug, 99L);
        List<DataSet> b = Cifar10Batches.toDataSets(recs, 5, ChannelNormalization.CIFAR10, aug, 99L);
        List<DataSet> c = Cifar10Batches.toDataSets(recs, 5, ChannelNormalization.CIFAR10, aug, 100L);
        List<DataSet> plain = Cifar10Batches.toDataSets(recs, 5, ChannelNormalization.CIFAR10, null, 99L);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).getFeatures()).isEqualTo(b.get(i).getFeatures());
            assertThat(a.get(i).getLabels()).isEqualTo(plain.get(i).getLabels());
        }
        assertThat(a.get(0).getFeatures()).isNotEqualTo(c.get(0).getFeatures());
        assertThat(a.get(0).getFeatures()).isNotEqualTo(plain.get(0).getFeatures());
    }
}

package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Spark's treeAggregate shape, worked by hand from its loop (RDD.treeAggregate, Spark 3.5). */
class TreeAggregationTest {
    @Test
    void depthOneSendsEveryPartialToTheDriver() {
        for (int n = 1; n <= 100; n++) {
            TreeAggregation t = new TreeAggregation(n, 1);
            assertThat(t.levelFanIns()).isEmpty();
            assertThat(t.driverFanIn()).isEqualTo(n);
            assertThat(t.criticalPathPartials()).isEqualTo(n);
        }
    }

    @Test
    void depthTwoAddsALevelOnlyWhereItSavesTime() {
        // 4: scale 2, 4 > 2 + 2 is false: no level, the driver combines all four (so 1-4 workers measure none)
        assertThat(new TreeAggregation(4, 2).levelFanIns()).isEmpty();
        assertThat(new TreeAggregation(4, 2).driverFanIn()).isEqualTo(4);
        // 8: scale ceil(sqrt 8) = 3, 8 > 3 + 3: 8 / 3 = 2 reducers of ceil(8 / 2) = 4 partials each
        assertThat(new TreeAggregation(8, 2).levelFanIns()).isEqualTo(List.of(4));
        assertThat(new TreeAggregation(8, 2).driverFanIn()).isEqualTo(2);
        assertThat(new TreeAggregation(8, 2).criticalPathPartials()).isEqualTo(6);
        // 64: scale 8, 64 > 8 + 8: 8 reducers of 8; then 8 > 8 + 1 is false: the driver combines 8
        assertThat(new TreeAggregation(64, 2).levelFanIns()).isEqualTo(List.of(8));
        assertThat(new TreeAggregation(64, 2).driverFanIn()).isEqualTo(8);
        assertThat(new TreeAggregation(64, 2).criticalPathPartials()).isEqualTo(16);
        assertThat(new TreeAggregation(1, 2).criticalPathPartials()).isEqualTo(1);
    }

    @Test
    void depthThreeOnSixtyFourWorkersHasTwoLevels() {
        // scale ceil(64^(1/3)) = 4: 64 -> 16 -> 4 (4 > 4 + 1 is false)
        TreeAggregation t = new TreeAggregation(64, 3);
        assertThat(t.levelFanIns()).isEqualTo(List.of(4, 4));
        assertThat(t.driverFanIn()).isEqualTo(4);
        assertThat(t.criticalPathPartials()).isEqualTo(12);
    }

    @Test
    void moreWorkersCanMeanFewerPartialsInSequenceWhereSparksScaleSteps() {
        // 11: scale 4, 11 / 4 = 2 reducers of ceil(11 / 2) = 6: 6 + 2 = 8; 12: scale 4, 3 reducers of 4: 4 + 3 = 7
        assertThat(new TreeAggregation(11, 2).criticalPathPartials()).isEqualTo(8);
        assertThat(new TreeAggregation(12, 2).criticalPathPartials()).isEqualTo(7);
    }

    @Test
    void rejectsNoPartitionsOrDepth() {
        assertThatThrownBy(() -> new TreeAggregation(0, 2)).hasMessageContaining("partitions = 0");
        assertThatThrownBy(() -> new TreeAggregation(4, 0)).hasMessageContaining("depth = 0");
    }
}

package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The random group sets: size, distinctness, exhaustion, reproducibility from the seed, uniformity. */
class RandomGroupSetsTest {
    private static final List<String> SIX = List.of("b11", "b12", "b21", "b22", "b31", "fc");

    @Test
    void distinctSetsOfTheFlaggedSizeNeverTheFlaggedSet() {
        Set<String> flagged = Set.of("b21", "fc", "b11");
        List<List<String>> sets = RandomGroupSets.draw(SIX, flagged, 10, 42);
        assertThat(sets).hasSize(10);
        assertThat(new HashSet<>(sets)).hasSize(10);
        for (List<String> s : sets) {
            assertThat(s).hasSize(3);
            assertThat(Set.copyOf(s)).isNotEqualTo(flagged);
            assertThat(s).isEqualTo(SIX.stream().filter(s::contains).toList()); // network order
        }
    }

    @Test
    void reproducibleFromTheSeedAndSeedsDiffer() {
        Set<String> flagged = Set.of("b22", "fc");
        assertThat(RandomGroupSets.draw(SIX, flagged, 10, 7)).isEqualTo(RandomGroupSets.draw(SIX, flagged, 10, 7));
        assertThat(RandomGroupSets.draw(SIX, flagged, 10, 7)).isNotEqualTo(RandomGroupSets.draw(SIX, flagged, 10, 8));
        // a smaller R is a prefix of a larger one with the same seed
        assertThat(RandomGroupSets.draw(SIX, flagged, 10, 7).subList(0, 4))
                .isEqualTo(RandomGroupSets.draw(SIX, flagged, 4, 7));
    }

    /** 2 of 5 groups: C(5, 2) - 1 = 9 other sets, all of them for R >= 9. */
    @Test
    void fewerSetsThanWantedGivesAllOfThem() {
        List<String> five = SIX.subList(0, 5);
        List<List<String>> all = RandomGroupSets.draw(five, Set.of("b11", "b12"), 10, 1);
        assertThat(all).hasSize(9);
        assertThat(new HashSet<>(all)).hasSize(9);
        assertThat(RandomGroupSets.draw(five, Set.copyOf(five), 10, 1)).isEmpty();
    }

    /** Over many seeds each of the 19 other 3-of-6 sets comes first about equally often (1/19 each). */
    @Test
    void theFirstDrawIsUniformOverTheOtherSets() {
        Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        int seeds = 19 * 200;
        for (long seed = 0; seed < seeds; seed++) {
            counts.merge(RandomGroupSets.draw(SIX, Set.of("b11", "b12", "b21"), 1, seed).get(0), 1, Integer::sum);
        }
        assertThat(counts).hasSize(19);
        // binomial(3800, 1/19): mean 200, sd ~13.8; 5 sd either side
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(131, 269));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> RandomGroupSets.draw(SIX, Set.of("nope"), 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> RandomGroupSets.draw(SIX, Set.of(), 3, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RandomGroupSets.draw(SIX, Set.of("fc"), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

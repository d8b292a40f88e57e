package critdamp.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetTrackerTest {
    @Test
    void recordsTheFirstCrossingOnly() {
        TargetTracker t = new TargetTracker(List.of(0.5, 0.6, 0.9));
        assertThat(t.observe(1, 0.55, 10.0)).extracting(TargetTracker.Crossing::target).containsExactly(0.5);
        assertThat(t.observe(2, 0.52, 20.0)).isEmpty();
        assertThat(t.observe(3, 0.61, 30.0)).extracting(TargetTracker.Crossing::target).containsExactly(0.6);
        assertThat(t.crossings()).containsExactly(
                new TargetTracker.Crossing(0.5, 1, 10.0, true),
                new TargetTracker.Crossing(0.6, 3, 30.0, true),
                new TargetTracker.Crossing(0.9, 0, Double.NaN, false));
    }
}

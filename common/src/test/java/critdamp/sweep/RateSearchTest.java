package critdamp.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import critdamp.base.ConfigException;
import critdamp.sweep.RateSearch.Outcome;
import critdamp.sweep.RateSearch.Trial;
import critdamp.sweep.RateSearch.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** The rate search on closed cases: interior detection, extension at either edge, its limits, and the basin. */
class RateSearchTest {
    private static final RateSearch.Settings SIX = new RateSearch.Settings(0.0125, 6, 2.0, 4, 0.01, null);

    /** Done trials on the start grid with these validation accuracies. */
    private static List<Trial> grid(double... acc) {
        List<Trial> t = new ArrayList<>();
        List<Double> rates = SIX.startGrid();
        for (int i = 0; i < acc.length; i++) {
            t.add(done(rates.get(i), acc[i]));
        }
        return t;
    }

    private static Trial done(double rate, double acc) {
        return new Trial(rate, Outcome.DONE, acc);
    }

    @Test
    void theStartGridDoublesFromTheLowestRateAndHitsTheWrittenRatesExactly() {
        assertThat(SIX.startGrid()).containsExactly(0.0125, 0.025, 0.05, 0.1, 0.2, 0.4);
        assertThat(RateSearch.Settings.defaults()).isEqualTo(SIX);
    }

    @Test
    void aPeakInsideTheGridIsInteriorWithItsBasin() {
        RateSearch.Decision d = RateSearch.decide(SIX, grid(0.50, 0.58, 0.615, 0.62, 0.605, 0.40));
        assertThat(d.verdict()).isEqualTo(Verdict.INTERIOR);
        assertThat(d.next()).isEmpty();
        assertThat(d.best().rate()).isEqualTo(0.1);
        // within one point of 0.62: 0.615 (0.05) and 0.62 (0.1); 0.605 (0.2) is 1.5 points below
        assertThat(d.basin()).isEqualTo(new RateSearch.Basin(0.05, 0.1, false, false));
        assertThat(d.basin().doublings()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aBestAtTheTopEdgeDoublesAndAnEdgeThatDivergesMakesItInterior() {
        RateSearch.Decision d = RateSearch.decide(SIX, grid(0.40, 0.45, 0.50, 0.55, 0.595, 0.60));
        assertThat(d.verdict()).isEqualTo(Verdict.EXTENDING);
        assertThat(d.next()).containsExactly(0.8);
        assertThat(d.basin().openAbove()).isTrue();

        List<Trial> more = new ArrayList<>(grid(0.40, 0.45, 0.50, 0.55, 0.595, 0.60));
        more.add(new Trial(0.8, Outcome.PENDING, Double.NaN));
        assertThat(RateSearch.decide(SIX, more).verdict()).isEqualTo(Verdict.WAITING);

        more.set(6, new Trial(0.8, Outcome.DIVERGED, Double.NaN));
        RateSearch.Decision settled = RateSearch.decide(SIX, more);
        assertThat(settled.verdict()).isEqualTo(Verdict.INTERIOR);
        assertThat(settled.best().rate()).isEqualTo(0.4);
        assertThat(settled.basin()).as("the diverged neighbour closes the basin")
                .isEqualTo(new RateSearch.Basin(0.2, 0.4, false, false));
    }

    @Test
    void aBestAtTheLowEdgeHalvesAndAFarLowerEdgeStopsIt() {
        RateSearch.Decision d = RateSearch.decide(SIX, grid(0.62, 0.60, 0.55, 0.50, 0.30, 0.10));
        assertThat(d.verdict()).isEqualTo(Verdict.EXTENDING);
        assertThat(d.next()).containsExactly(0.00625);

        List<Trial> more = new ArrayList<>(grid(0.62, 0.60, 0.55, 0.50, 0.30, 0.10));
        more.add(0, done(0.00625, 0.45));
        RateSearch.Decision settled = RateSearch.decide(SIX, more);
        assertThat(settled.verdict()).isEqualTo(Verdict.INTERIOR);
        assertThat(settled.best().rate()).isEqualTo(0.0125);
        assertThat(settled.trials()).extracting(Trial::rate).startsWith(0.00625, 0.0125);
    }

    @Test
    void aTieWithTheEdgeIsNotInteriorAndTheLowerRateOfATieIsTheBest() {
        RateSearch.Decision d = RateSearch.decide(SIX, grid(0.40, 0.45, 0.50, 0.55, 0.60, 0.60));
        assertThat(d.verdict()).isEqualTo(Verdict.EXTENDING);
        assertThat(d.next()).containsExactly(0.8);
        assertThat(d.best().rate()).isEqualTo(0.2);
    }

    @Test
    void extensionsStopAtTheLimitAndTheBestIsReportedAtTheEdge() {
        RateSearch.Settings one = new RateSearch.Settings(0.0125, 6, 2.0, 1, 0.01, null);
        List<Trial> t = new ArrayList<>(grid(0.40, 0.45, 0.50, 0.55, 0.58, 0.60));
        t.add(done(0.8, 0.61));
        RateSearch.Decision d = RateSearch.decide(one, t);
        assertThat(d.verdict()).isEqualTo(Verdict.EDGE);
        assertThat(d.verdict().settled()).isTrue();
        assertThat(d.next()).isEmpty();
        assertThat(d.best().rate()).isEqualTo(0.8);
    }

    @Test
    void aFailedRunHoldsTheSearchAndEverythingDivergedSearchesLower() {
        List<Trial> t = new ArrayList<>(grid(0.40, 0.45, 0.50, 0.55, 0.50, 0.40));
        t.set(2, new Trial(0.05, Outcome.FAILED, Double.NaN));
        assertThat(RateSearch.decide(SIX, t).verdict()).isEqualTo(Verdict.FAILED);

        List<Trial> diverged = SIX.startGrid().stream().map(r -> new Trial(r, Outcome.DIVERGED, Double.NaN)).toList();
        RateSearch.Decision d = RateSearch.decide(SIX, diverged);
        assertThat(d.verdict()).isEqualTo(Verdict.EXTENDING);
        assertThat(d.next()).containsExactly(0.00625);
        assertThat(d.best()).isNull();
        assertThat(d.basin()).isNull();
    }

    @Test
    void theBasinRunsContiguouslyAroundTheBestAndAnOpenEndIsExtendedUntilItCloses() {
        List<Trial> t = new ArrayList<>(grid(0.611, 0.62, 0.60, 0.615, 0.5, 0.4));
        RateSearch.Decision d = RateSearch.decide(SIX, t);
        // 0.615 at 0.1 is within a point but 0.60 at 0.05 breaks the run: not in the basin
        assertThat(d.basin()).isEqualTo(new RateSearch.Basin(0.0125, 0.025, true, false));
        assertThat(d.basin().ratio()).isEqualTo(2.0);
        assertThat(d.verdict()).as("the best is interior, but its basin reaches the low edge")
                .isEqualTo(Verdict.EXTENDING);
        assertThat(d.next()).containsExactly(0.00625);

        t.add(0, done(0.00625, 0.612));
        d = RateSearch.decide(SIX, t);
        assertThat(d.basin()).isEqualTo(new RateSearch.Basin(0.00625, 0.025, true, false));
        assertThat(d.next()).containsExactly(0.003125);

        t.add(0, done(0.003125, 0.58));
        d = RateSearch.decide(SIX, t);
        assertThat(d.verdict()).isEqualTo(Verdict.INTERIOR);
        assertThat(d.best().rate()).isEqualTo(0.025);
        assertThat(d.basin()).isEqualTo(new RateSearch.Basin(0.00625, 0.025, false, false));
        assertThat(d.basin().doublings()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void aBasinStillOpenWhenTheExtensionsRunOutLeavesTheBestInteriorAndSaysSo() {
        RateSearch.Settings one = new RateSearch.Settings(0.0125, 6, 2.0, 1, 0.01, null);
        List<Trial> t = new ArrayList<>(grid(0.40, 0.45, 0.50, 0.55, 0.60, 0.595));
        assertThat(RateSearch.decide(one, t).next()).containsExactly(0.8);
        t.add(done(0.8, 0.592));
        RateSearch.Decision d = RateSearch.decide(one, t);
        assertThat(d.verdict()).isEqualTo(Verdict.INTERIOR);
        assertThat(d.next()).isEmpty();
        assertThat(d.best().rate()).isEqualTo(0.2);
        assertThat(d.basin()).isEqualTo(new RateSearch.Basin(0.2, 0.8, false, true));
    }

    @Test
    void theSideWhereTheBestSitsIsExtendedFirst() {
        RateSearch.Settings one = new RateSearch.Settings(0.0125, 6, 2.0, 1, 0.01, null);
        // flat: the basin reaches both edges, the best (0.4) sits at the top one
        RateSearch.Decision d = RateSearch.decide(one, grid(0.595, 0.596, 0.597, 0.598, 0.599, 0.60));
        assertThat(d.basin()).isEqualTo(new RateSearch.Basin(0.0125, 0.4, true, true));
        assertThat(d.next()).containsExactly(0.8);
        assertThat(RateSearch.decide(SIX, grid(0.595, 0.596, 0.597, 0.598, 0.599, 0.60)).next())
                .containsExactly(0.8, 0.00625);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new RateSearch.Settings(0.01, 2, 2.0, 0, 0.01, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("search.points = 2");
        assertThatThrownBy(() -> new RateSearch.Settings(0.01, 6, 1.0, 0, 0.01, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("search.factor");
        assertThatThrownBy(() -> new RateSearch.Settings(-1.0, 6, 2.0, 0, 0.01, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("search.lowest");
        assertThatThrownBy(() -> new RateSearch.Settings(0.05, 4, 2.0, 1, 0.01, 6))
                .isInstanceOf(ConfigException.class).hasMessageContaining("search.minRates = 6")
                .hasMessageContaining("= 5 rates");
        assertThat(new RateSearch.Settings(0.05, 4, 2.0, 4, 0.01, null).minRates()).as("default: the start grid")
                .isEqualTo(4);
    }

    /** Four start rates 0.05 ... 0.4, at least six tried, up to four added. */
    private static final RateSearch.Settings FOUR_OF_SIX = new RateSearch.Settings(0.05, 4, 2.0, 4, 0.01, 6);

    @Test
    void aSearchSettledWithTooFewRatesAddsThemOnTheSideWithFewerRatesAroundTheBest() {
        // interior at 0.1 with a closed basin: settled but for minRates; one rate below it, two above: halve
        List<Trial> t = new ArrayList<>(List.of(done(0.05, 0.76), done(0.1, 0.78), done(0.2, 0.765),
                done(0.4, 0.75)));
        RateSearch.Decision d = RateSearch.decide(FOUR_OF_SIX, t);
        assertThat(d.verdict()).isEqualTo(Verdict.EXTENDING);
        assertThat(d.next()).containsExactly(0.025);

        t.add(done(0.025, 0.70)); // now two below, two above: a tie goes up
        d = RateSearch.decide(FOUR_OF_SIX, t);
        assertThat(d.next()).containsExactly(0.8);

        t.add(done(0.8, 0.60));
        d = RateSearch.decide(FOUR_OF_SIX, t);
        assertThat(d.verdict()).isEqualTo(Verdict.INTERIOR);
        assertThat(d.next()).isEmpty();
        assertThat(d.trials()).hasSize(6);
        assertThat(d.basin()).isEqualTo(new RateSearch.Basin(0.1, 0.1, false, false));
    }

    @Test
    void aDivergedTopRateSendsTheExtraRatesBelowAndBasinExtensionsCountTowardsTheMinimum() {
        List<Trial> t = new ArrayList<>(List.of(done(0.05, 0.76), done(0.1, 0.765), done(0.2, 0.78),
                new Trial(0.4, Outcome.DIVERGED, Double.NaN)));
        assertThat(RateSearch.decide(FOUR_OF_SIX, t).next()).as("doubling again would diverge too")
                .containsExactly(0.025);

        // a basin open above is extended for itself; with the minimum met no further rate is added
        List<Trial> open = new ArrayList<>(List.of(done(0.05, 0.70), done(0.1, 0.76), done(0.2, 0.775),
                done(0.4, 0.78)));
        assertThat(RateSearch.decide(FOUR_OF_SIX, open).next()).containsExactly(0.8);
        open.add(done(0.8, 0.776));
        assertThat(RateSearch.decide(FOUR_OF_SIX, open).next()).containsExactly(1.6);
        open.add(done(1.6, 0.60));
        RateSearch.Decision d = RateSearch.decide(FOUR_OF_SIX, open);
        assertThat(d.verdict()).isEqualTo(Verdict.INTERIOR);
        assertThat(d.trials()).hasSize(6);
        assertThat(d.basin()).isEqualTo(new RateSearch.Basin(0.2, 0.8, false, false));
    }
}

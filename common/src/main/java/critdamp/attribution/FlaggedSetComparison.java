package critdamp.attribution;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How far two flagged-layer sets agree, e.g. those of an SGD-trained and an Adam-trained model (is the attribution
 * optimizer-agnostic?): the overlap |A n B|, the union |A u B| and the Jaccard index |A n B| / |A u B|. Two empty sets
 * are identical, Jaccard 1.
 *
 * @param first  set A, sorted
 * @param second set B, sorted
 */
@JsonIgnoreProperties(value = {"overlap", "union", "jaccard"}, allowGetters = true)
public record FlaggedSetComparison(List<String> first, List<String> second) {
    public FlaggedSetComparison {
        first = List.copyOf(new TreeSet<>(first));
        second = List.copyOf(new TreeSet<>(second));
    }

    public static FlaggedSetComparison of(Collection<String> a, Collection<String> b) {
        return new FlaggedSetComparison(List.copyOf(a), List.copyOf(b));
    }

    public static FlaggedSetComparison of(LayerSelection a, LayerSelection b) {
        return of(a.names(), b.names());
    }

    /** |A n B|. */
    @JsonProperty("overlap")
    public int overlap() {
        Set<String> common = new TreeSet<>(first);
        common.retainAll(second);
        return common.size();
    }

    /** |A u B|. */
    @JsonProperty("union")
    public int union() {
        Set<String> all = new TreeSet<>(first);
        all.addAll(second);
        return all.size();
    }

    /** |A n B| / |A u B|, 1 for two empty sets. */
    @JsonProperty("jaccard")
    public double jaccard() {
        int u = union();
        return u == 0 ? 1.0 : (double) overlap() / u;
    }
}

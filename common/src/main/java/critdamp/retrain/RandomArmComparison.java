package critdamp.retrain;

import java.util.List;

/**
 * The targeted arm against the distribution of the random arms (R random sets of as many groups): the random arms'
 * net mean and sample standard deviation, their parameter shares beside the targeted share, and the targeted arm's
 * rank among them by net.
 *
 * @param randomArms    R, the number of random arms
 * @param netMean       mean net of the random arms
 * @param netSd         their sample standard deviation (n - 1; NaN for one arm)
 * @param shareMean     mean parameter share of the random arms
 * @param shareMin      their smallest share
 * @param shareMax      their largest share
 * @param targetedNet   net of the targeted arm
 * @param targetedShare parameter share of the targeted arm
 * @param rank          1 + the number of random arms with a larger net: 1 = no random arm did better
 * @param ties          random arms with exactly the targeted net
 */
public record RandomArmComparison(int randomArms, double netMean, double netSd, double shareMean, double shareMin,
                                  double shareMax, int targetedNet, double targetedShare, int rank, int ties) {

    /** The comparison of {@code targeted} with {@code random} (at least one). */
    public static RandomArmComparison of(ArmResult targeted, List<ArmResult> random) {
        if (random.isEmpty()) {
            throw new IllegalArgumentException("no random arm to compare with");
        }
        int n = random.size();
        double mean = random.stream().mapToInt(ArmResult::net).average().orElseThrow();
        double ss = random.stream().mapToDouble(a -> (a.net() - mean) * (a.net() - mean)).sum();
        int above = (int) random.stream().filter(a -> a.net() > targeted.net()).count();
        int ties = (int) random.stream().filter(a -> a.net() == targeted.net()).count();
        return new RandomArmComparison(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN,
                random.stream().mapToDouble(ArmResult::paramShare).average().orElseThrow(),
                random.stream().mapToDouble(ArmResult::paramShare).min().orElseThrow(),
                random.stream().mapToDouble(ArmResult::paramShare).max().orElseThrow(),
                targeted.net(), targeted.paramShare(), 1 + above, ties);
    }
}

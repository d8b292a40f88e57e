package critdamp.retrain;

/**
 * How long targeted retraining runs: a number of optimizer steps or of full passes (epochs) over the training data.
 * Every arm of a comparison gets the same budget, so that the layer choice is the only difference.
 *
 * @param unit   steps or epochs
 * @param amount how many, >= 1
 */
public record RetrainingBudget(BudgetUnit unit, long amount) {
    public RetrainingBudget {
        if (unit == null) {
            throw new IllegalArgumentException("budget.unit: must be given; one of steps, epochs");
        }
        if (amount < 1) {
            throw new IllegalArgumentException("budget.amount = " + amount + ": must be >= 1 " + unit.configName());
        }
        if (unit == BudgetUnit.EPOCHS && amount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("budget.amount = " + amount + " epochs: too many");
        }
    }

    public static RetrainingBudget steps(long steps) {
        return new RetrainingBudget(BudgetUnit.STEPS, steps);
    }

    public static RetrainingBudget epochs(int epochs) {
        return new RetrainingBudget(BudgetUnit.EPOCHS, epochs);
    }

    @Override
    public String toString() {
        return amount + " " + unit.configName();
    }
}

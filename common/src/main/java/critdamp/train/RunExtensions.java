package critdamp.train;

import critdamp.base.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * The explicit extensions of a run past the epochs it was started with ({@code train --resume --extend-epochs N}),
 * as its run folder records them in {@value #FILE}, and the one rule the added epochs follow ({@link #RULE}).
 *
 * <p>The learning-rate and momentum schedules are functions of the step and the run's length; recomputing them for a
 * longer run would change the values under steps already trained and make alpha jump back up at the resume point. So
 * the schedules keep the length the run started with ({@link #scheduleEpochs}), and the added epochs train as
 * {@link ScheduleHorizon} says. The run's {@code config.json} gives the new total ({@code training.epochs}); this
 * record says which part of it is the schedule and which was added, and by which command.
 *
 * @param scheduleEpochs the epochs the schedules span: {@code training.epochs} when the run started
 * @param rule           how the added epochs are scheduled ({@link #RULE})
 * @param extensions     each extension, oldest first
 */
public record RunExtensions(int scheduleEpochs, String rule, List<Extension> extensions) {
    /** The record's file in the run folder. */
    public static final String FILE = "extensions.json";
    /** How the added epochs train, as recorded, printed by {@code train --help} and written in the docs. */
    public static final String RULE = "the schedules keep the run's first length: every step up to its end trains "
            + "at the alpha and mu it had, and every round after it at the alpha and mu of the schedule's last round "
            + "(no jump, no restart)";

    /**
     * One extension.
     *
     * @param fromEpochs {@code training.epochs} before it
     * @param toEpochs   {@code training.epochs} after it
     * @param at         when (ISO-8601)
     * @param command    the command line that asked for it
     */
    public record Extension(int fromEpochs, int toEpochs, String at, String command) {
    }

    public RunExtensions {
        extensions = List.copyOf(extensions);
    }

    /** The record of a run that has not been extended yet: its schedules span {@code scheduleEpochs}. */
    public static RunExtensions none(int scheduleEpochs) {
        return new RunExtensions(scheduleEpochs, RULE, List.of());
    }

    /** Reads the record's JSON text ({@code source} names it in an error). */
    public static RunExtensions parse(String json, String source) {
        return Json.read(json, RunExtensions.class, source);
    }

    /** This record with one more extension, from {@code fromEpochs} to {@code toEpochs}. */
    public RunExtensions plus(int fromEpochs, int toEpochs, String at, String command) {
        if (toEpochs <= fromEpochs || fromEpochs < scheduleEpochs) {
            throw new IllegalArgumentException("an extension goes from " + fromEpochs + " to more epochs, past the "
                    + "schedule's " + scheduleEpochs + ": got " + fromEpochs + " -> " + toEpochs);
        }
        List<Extension> all = new ArrayList<>(extensions);
        all.add(new Extension(fromEpochs, toEpochs, at, command));
        return new RunExtensions(scheduleEpochs, rule, all);
    }

    public String toJson() {
        return Json.write(this);
    }
}

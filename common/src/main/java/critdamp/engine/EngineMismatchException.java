package critdamp.engine;

/** A checkpoint offered to the engine that did not write it: one line saying which wrote it and which reads. */
public final class EngineMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineMismatchException(String source, EngineKind writer, EngineKind reader) {
        super("checkpoint " + source + " was written by the " + writer.configName() + " engine; this run's engine is "
                + reader.configName() + " (a checkpoint loads only into the engine that wrote it)");
    }
}

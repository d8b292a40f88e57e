package critdamp.bench;

import critdamp.engine.EngineKind;
import java.util.List;

/**
 * One network training on fixed minibatches in this JVM, whatever its engine: what {@code bench throughput} times and
 * {@code bench resident} measures. Built by {@link BenchModelOptions#trainer}, the same network, optimizer settings,
 * seed and minibatches for both engines.
 */
interface BenchTrainer extends AutoCloseable {
    EngineKind engine();

    /** Minibatches of the full batch size cycled through (a partial last one is left out). */
    int batches();

    /** One training step on minibatch {@code i % batches()}. */
    void step(int i);

    /** The last step's mean loss. */
    double score();

    /** The execution path: {@code fast} or {@code default} (DL4J's oneDNN helpers on or not), {@code libtorch}. */
    String path();

    /** The path in words for the console, e.g. "fast (oneDNN helpers)". */
    String pathDescription();

    /** Layers without a oneDNN helper (DL4J's slow path); empty for libtorch. */
    List<String> slowLayers();

    /** The engine's native library as {@code Engine.nativeLibrary()} names it, e.g. {@code libtorch 2.10.0 (...)}. */
    String engineLibrary();

    /** The JNI library file the engine loaded, as bench records show paths ({@link ShownPath}). */
    String nativeLibraryFile();

    /** Where the images came from ({@link BenchRecords#source()}). */
    String dataSource();

    /** Frees native memory. */
    @Override
    void close();
}

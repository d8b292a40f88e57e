package critdamp.engine;

import critdamp.model.LayerGroups;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical order of a network's values, shared by both engines, so that one {@code float[]} loads into either:
 * what the driver averages, broadcasts and checkpoints.
 *
 * <p>It is DL4J's flattened parameter vector ({@code ComputationGraph.params()}): the layers that hold values in the
 * graph's topological order, and within a layer its parameter table's order: a convolution's kernel {@code W}
 * ({@code [out, in, kh, kw]}, row-major); a batch norm's {@code gamma, beta, mean, log10stdev}; a dense layer's
 * {@code W}, then {@code b}. DL4J stores a dense {@code W} as {@code [in, out]} in column-major order, which is the
 * same sequence of values as {@code [out, in]} row-major, PyTorch's {@code Linear.weight}; the canonical shape is the
 * latter. Batch-norm running deviations are {@code log10(sqrt(var))} ({@link ParameterRole#BN_LOG10_STD}).
 *
 * <p>Two coordinates: the <b>full</b> vector ({@link #size()}, every block) and the <b>trainable</b> one
 * ({@link #trainableSize()}, the blocks trained by gradient descent, in the same order, running statistics left out):
 * the layout of gradients and gradient sums.
 */
public final class ParameterLayout {
    private final List<ParameterBlock> blocks;
    private final int[] offsets;
    private final int[] trainableOffsets;
    private final int size;
    private final int trainableSize;

    public ParameterLayout(List<ParameterBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a parameter layout needs at least one block");
        }
        this.blocks = List.copyOf(blocks);
        offsets = new int[blocks.size()];
        trainableOffsets = new int[blocks.size()];
        long full = 0;
        long trained = 0;
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            ParameterBlock b = blocks.get(i);
            if (!seen.add(b.layer() + "/" + b.role())) {
                throw new IllegalArgumentException("parameter block " + b + " appears twice");
            }
            offsets[i] = Math.toIntExact(full);
            full += b.length();
            trainableOffsets[i] = b.role().trained() ? Math.toIntExact(trained) : -1;
            trained += b.role().trained() ? b.length() : 0;
        }
        size = Math.toIntExact(full);
        trainableSize = Math.toIntExact(trained);
    }

    public List<ParameterBlock> blocks() {
        return blocks;
    }

    /** Values in the full vector. */
    public int size() {
        return size;
    }

    /** Values trained by gradient descent. */
    public int trainableSize() {
        return trainableSize;
    }

    /** Where block {@code i} starts in the full vector. */
    public int offset(int i) {
        return offsets[i];
    }

    /** Where block {@code i} starts in the trainable vector; -1 for a running statistic. */
    public int trainableOffset(int i) {
        return trainableOffsets[i];
    }

    /** The layers that hold values, in order. */
    public List<String> layers() {
        Set<String> names = new LinkedHashSet<>();
        for (ParameterBlock b : blocks) {
            names.add(b.layer());
        }
        return List.copyOf(names);
    }

    /** Group name -> its layers ({@link LayerGroups}), in order. */
    public Map<String, List<String>> groups() {
        return LayerGroups.of(layers());
    }

    /**
     * The trainable ranges of a group ({@link LayerGroups}), as {@code [start, end)} pairs in trainable coordinates,
     * one per block, in order.
     *
     * @throws IllegalArgumentException for a name that is not a group of this layout (naming the groups)
     */
    public List<int[]> trainableRanges(String group) {
        requireGroups(Set.of(group));
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            ParameterBlock b = blocks.get(i);
            if (b.role().trained() && LayerGroups.groupOf(b.layer()).equals(group)) {
                ranges.add(new int[] {trainableOffsets[i], trainableOffsets[i] + b.length()});
            }
        }
        return Collections.unmodifiableList(ranges);
    }

    /** @throws IllegalArgumentException naming the unknown groups and the known ones */
    public void requireGroups(Set<String> names) {
        Set<String> known = groups().keySet();
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown layer group(s) " + unknown + "; the groups are " + known);
        }
    }

    /** @throws IllegalArgumentException unless {@code length == size()} */
    public void requireFullLength(int length) {
        if (length != size) {
            throw new IllegalArgumentException(length + " values given for a network of " + size
                    + " (parameters and batch-norm statistics)");
        }
    }

    /** @throws IllegalArgumentException unless {@code length == trainableSize()} */
    public void requireTrainableLength(int length) {
        if (length != trainableSize) {
            throw new IllegalArgumentException(length + " values given for a network of " + trainableSize
                    + " trainable parameters");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterLayout p && blocks.equals(p.blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    @Override
    public String toString() {
        return blocks.size() + " blocks, " + size + " values (" + trainableSize + " trainable)";
    }
}

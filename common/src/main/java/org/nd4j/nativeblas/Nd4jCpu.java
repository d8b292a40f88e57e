package org.nd4j.nativeblas;

/**
 * Compatibility bridge that turns DL4J's oneDNN layer helpers back on at DL4J/ND4J 1.0.0-M2.1.
 *
 * <p>What it bridges: {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} (deeplearning4j-nn
 * 1.0.0-M2.1) looks up, by reflection, the class {@code org.nd4j.nativeblas.Nd4jCpu$Environment} and calls its
 * {@code getInstance()} and {@code isUseMKLDNN()}. In nd4j-native 1.0.0-M2.1 that class was renamed to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method to {@code isUseONEDNN()}; the
 * lookup fails, the exception is swallowed, and every {@code MKLDNN*Helper} stays null: convolutions silently fall
 * back to Java im2col (~4-7x slower on conv nets, see docs/fast-cpu-path.md).
 *
 * <p>This class restores the old name and forwards to the new one. It only matters together with
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false} (see {@link critdamp.fastpath.FastCpuPath}).
 * Delete it when DL4J is upgraded past M2.1 and {@code FastCpuPathTest} still passes without it.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** Old-name view of ND4J's native environment, as DL4J M2.1's helper lookup expects it. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** Same contract as the pre-M2.1 {@code Nd4jCpu.Environment.getInstance()}. */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Forwards to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment#isUseONEDNN()}. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }

        /** Forwards to {@code setUseONEDNN}, for code written against the old name. */
        public void setUseMKLDNN(boolean use) {
            org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().setUseONEDNN(use);
        }
    }
}

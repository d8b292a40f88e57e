package critdamp.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ND4J's matrix product is right on this machine, with OPENBLAS_CORETYPE as found. */
class BlasCheckTest {
    @Test
    void passesOnThisMachine() {
        BlasCheck.Result r = BlasCheck.run();
        org.slf4j.LoggerFactory.getLogger(BlasCheckTest.class).info("BlasCheck: {}", r);
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.gflops()).isPositive();
    }

    @Test
    void catchesAProductThatIsOnlySlightlyWrong() {
        // one element off by 1e-3 relative: far below "wrong kernel" errors, far above 2*k*u*(|A||B|)_ij ~ 5e-5 relative
        BinaryOperator<INDArray> oneBadElement = (a, b) -> {
            INDArray c = a.mmul(b);
            c.putScalar(5, 7, c.getDouble(5, 7) * 1.001 + 1e-3);
            return c;
        };
        assertThat(BlasCheck.check(64, 384, 48, DataType.FLOAT, 1, oneBadElement)).contains("C[5][7]");
        // a product computed at half precision (u = 2^-11) misses the float bound
        BinaryOperator<INDArray> halfPrecision = (a, b) -> a.castTo(DataType.HALF).mmul(b.castTo(DataType.HALF));
        assertThat(BlasCheck.check(64, 384, 48, DataType.FLOAT, 1, halfPrecision)).isNotNull();
        // and the exact product passes in both types
        assertThat(BlasCheck.check(63, 385, 47, DataType.FLOAT, 2, INDArray::mmul)).isNull();
        assertThat(BlasCheck.check(63, 385, 47, DataType.DOUBLE, 2, INDArray::mmul)).isNull();
    }
}

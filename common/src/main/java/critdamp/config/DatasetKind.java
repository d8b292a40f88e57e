package critdamp.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The data sets critdamp reads in their original formats. */
public enum DatasetKind {
    /** CIFAR-10, binary version (data_batch_1..5.bin, test_batch.bin). */
    CIFAR10;

    @JsonCreator
    public static DatasetKind parse(String text) {
        return EnumChoice.parse(DatasetKind.class, text, "data.dataset");
    }

    @JsonValue
    public String configName() {
        return EnumChoice.nameOf(this);
    }
}

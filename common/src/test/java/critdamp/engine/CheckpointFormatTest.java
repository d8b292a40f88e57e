package critdamp.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckpointFormatTest {
    private static byte[] torchCheckpoint(String payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CheckpointFormat.writeHeader(out, EngineKind.TORCH);
        out.write(payload.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void aTaggedCheckpointOpensAtItsPayloadForItsEngine() throws IOException {
        InputStream in = CheckpointFormat.openPayload(new ByteArrayInputStream(torchCheckpoint("xyz")),
                EngineKind.TORCH, "ckpt-1");
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("xyz");
    }

    @Test
    void aZipIsDl4jsAndOpensFromItsFirstByte() throws IOException {
        byte[] zip = {'P', 'K', 3, 4, 9, 9};
        InputStream in = CheckpointFormat.openPayload(new ByteArrayInputStream(zip), EngineKind.DL4J, "ckpt-2");
        assertThat(in.readAllBytes()).containsExactly(zip);
    }

    @Test
    void theOtherEnginesCheckpointIsRefusedInOneLine() throws IOException {
        byte[] torch = torchCheckpoint("xyz");
        assertThatThrownBy(() -> CheckpointFormat.openPayload(new ByteArrayInputStream(torch), EngineKind.DL4J,
                "run/checkpoints/ckpt-00000010.zip"))
                .isInstanceOf(EngineMismatchException.class)
                .hasMessage("checkpoint run/checkpoints/ckpt-00000010.zip was written by the torch engine; this"
                        + " run's engine is dl4j (a checkpoint loads only into the engine that wrote it)");
        assertThatThrownBy(() -> CheckpointFormat.openPayload(new ByteArrayInputStream(new byte[] {'P', 'K', 3, 4}),
                EngineKind.TORCH, "a.zip"))
                .isInstanceOf(EngineMismatchException.class)
                .hasMessageStartingWith("checkpoint a.zip was written by the dl4j engine; this run's engine is torch");
    }

    @Test
    void anythingElseIsNotACheckpoint() {
        assertThatThrownBy(() -> CheckpointFormat.openPayload(
                new ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.US_ASCII)), EngineKind.TORCH, "x"))
                .isInstanceOf(IOException.class)
                .hasMessage("checkpoint x is neither a DL4J zip nor a critdamp checkpoint");
        assertThatThrownBy(() -> CheckpointFormat.writeHeader(new ByteArrayOutputStream(), EngineKind.DL4J))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

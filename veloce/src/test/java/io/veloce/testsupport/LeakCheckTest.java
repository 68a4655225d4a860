package io.veloce.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check is only worth something if it sees a real leak. */
class LeakCheckTest {

    @Test
    void aDroppedBufferIsReportedAsALeak() {
        LeakRecorder.drain();
        leakOne();
        assertThat(LeakCheck.collectLeaks()).anyMatch(leak -> leak.contains("ByteBuf"));
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(42); // touched, then dropped without release()
    }
}

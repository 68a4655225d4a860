package io.veloce.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran (tests run with
 * {@code -Dio.netty.leakDetection.level=paranoid}, so every buffer is tracked).
 */
public final class LeakCheck implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        assertThat(LeakRecorder.installed()).as("leak detection level must be PARANOID in tests").isTrue();
        assertThat(collectLeaks()).as("Netty buffer leaks in " + context.getDisplayName()).isEmpty();
    }

    /** Makes unreachable buffers visible to the detector, then returns what it reported. */
    public static List<String> collectLeaks() {
        List<String> leaks = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            // the detector reports queued leaks when the next tracked buffer is allocated
            for (int i = 0; i < 16; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(8);
                pooled.release();
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(8);
                unpooled.release();
            }
            leaks.addAll(LeakRecorder.drain());
        }
        return leaks;
    }
}

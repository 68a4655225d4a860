package io.veloce.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.veloce.middleware.LogText;
import io.veloce.websocket.BroadcastEngine;
import io.veloce.websocket.BroadcastMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what the subscribing connection receives to this node's members: on Lettuce's I/O thread
 * and in Redis's order, never through a pool that could reorder one publisher's messages. What is
 * not a Veloce broadcast is ignored, with one WARN a minute at most.
 */
final class Inbox extends RedisPubSubAdapter<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(RedisBroadcastEngine.class);
    private static final long WARNING_INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final byte[] prefix;
    private final BroadcastEngine.Receiver receiver;
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

    Inbox(String prefix, BroadcastEngine.Receiver receiver) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.receiver = receiver;
    }

    @Override
    public void message(byte[] redisChannel, byte[] wire) {
        BroadcastMessage message = WireFormat.decode(wire);
        if (message == null || !hasPrefix(redisChannel)) {
            ignore(redisChannel);
            return;
        }
        String channel = new String(redisChannel, prefix.length, redisChannel.length - prefix.length,
                StandardCharsets.UTF_8);
        try {
            receiver.deliver(channel, message);
        } catch (RuntimeException failure) {
            // the connection must go on delivering the next messages
            log.warn("delivering a broadcast on '{}' failed", LogText.of(channel), failure);
        }
    }

    /** Someone else publishes on our channels: counted, and reported once a minute at most. */
    private void ignore(byte[] redisChannel) {
        ignored.incrementAndGet();
        long now = System.nanoTime();
        long next = nextWarning.get();
        if (now - next >= 0 && nextWarning.compareAndSet(next, now + WARNING_INTERVAL)) {
            log.warn("ignored {} message(s) on Redis channel {} that are not Veloce broadcasts (a type byte 't' or 'b', "
                    + "then the payload): does another program publish there? (at most one such warning a minute)",
                    ignored.getAndSet(0), LogText.of(new String(redisChannel, StandardCharsets.UTF_8)));
        }
    }

    private boolean hasPrefix(byte[] redisChannel) {
        return redisChannel.length >= prefix.length
                && Arrays.equals(redisChannel, 0, prefix.length, prefix, 0, prefix.length);
    }
}

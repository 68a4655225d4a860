package io.veloce.websocket;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-node engine for tests that records what the broadcaster asks of it ({@code start},
 * {@code subscribe c}, {@code unsubscribe c}, {@code close}) and can fail its first starts or
 * every publish, like an engine whose Redis is down.
 */
final class RecordingEngine implements BroadcastEngine {

    final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger startsToFail;
    private final boolean publishFails;
    private volatile Receiver receiver;

    private RecordingEngine(int startsToFail, boolean publishFails) {
        this.startsToFail = new AtomicInteger(startsToFail);
        this.publishFails = publishFails;
    }

    /** An engine that works. */
    static RecordingEngine working() {
        return new RecordingEngine(0, false);
    }

    /** An engine whose first {@code count} starts fail as if Redis were unreachable. */
    static RecordingEngine failingStarts(int count) {
        return new RecordingEngine(count, false);
    }

    /** An engine that starts but fails every publish as if Redis had gone away. */
    static RecordingEngine failingPublishes() {
        return new RecordingEngine(0, true);
    }

    @Override
    public void start(Receiver receiver) {
        calls.add("start");
        if (startsToFail.getAndDecrement() > 0) {
            throw new BroadcastException("Redis is unreachable");
        }
        this.receiver = receiver;
    }

    @Override
    public CompletableFuture<Void> publish(String channel, BroadcastMessage message) {
        if (publishFails) {
            return CompletableFuture.failedFuture(new BroadcastException("Redis is unreachable"));
        }
        receiver.deliver(channel, message);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void subscribe(String channel) {
        calls.add("subscribe " + channel);
    }

    @Override
    public void unsubscribe(String channel) {
        calls.add("unsubscribe " + channel);
    }

    @Override
    public void close() {
        calls.add("close");
    }
}

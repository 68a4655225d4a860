package io.veloce;

import io.veloce.websocket.BroadcastEngine;
import io.veloce.websocket.BroadcastException;
import io.veloce.websocket.BroadcastMessage;
import java.util.concurrent.CompletableFuture;

/**
 * The default engine: one node, so a published message goes straight to this node's members, on
 * the publishing thread (which is what keeps one thread's messages in order).
 */
final class InMemoryBroadcastEngine implements BroadcastEngine {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private volatile Receiver receiver;

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public CompletableFuture<Void> publish(String channel, BroadcastMessage message) {
        Receiver target = receiver;
        if (target == null) {
            return CompletableFuture.failedFuture(new BroadcastException("the broadcaster is not started"));
        }
        target.deliver(channel, message);
        return DONE;
    }

    @Override
    public void subscribe(String channel) {
        // every channel of this node is already here
    }

    @Override
    public void unsubscribe(String channel) {
        // nothing to stop receiving
    }

    @Override
    public void close() {
        receiver = null; // messages published from now on fail, as the contract says
    }
}

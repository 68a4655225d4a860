package io.veloce.websocket;

import java.util.concurrent.CompletableFuture;

/**
 * Carries broadcast messages between the nodes of an app; the {@link Broadcaster} keeps the
 * members and writes to them. Veloce's default engine keeps everything in the process; the
 * {@code veloce-redis} module has one on Redis pub/sub. Set with
 * {@code app.broadcastEngine(...)} before the app starts.
 *
 * <p>Contract: {@link #start} is called once when the app starts, {@link #close} when it stops.
 * Every message published on any node must be given to {@link Receiver#deliver} on every node
 * whose {@link #subscribe subscriptions} include its channel — this node included, which is how
 * local members get messages published here — and messages published by one thread to one
 * channel must be delivered in that order. {@code subscribe} is called when a channel gets its
 * first local member and {@code unsubscribe} when it loses its last; both are called while the
 * broadcaster updates that channel's membership, which keeps a channel's calls in order, so they
 * must not call back into the broadcaster and must return quickly: {@code subscribe} may wait,
 * bounded by a short timeout, for the subscription to be confirmed (so that a member does not
 * miss what is published right after it joined), {@code unsubscribe} should not wait at all.
 */
public interface BroadcastEngine extends AutoCloseable {

    /** Where an engine hands the messages for this node's members. */
    @FunctionalInterface
    interface Receiver {

        /**
         * Writes {@code message} to the local members of {@code channel}; never blocks on a member.
         *
         * @param channel the channel the message was published to; a channel with no member on
         *     this node is ignored
         * @param message the message; its payload is shared by every member and must not change
         */
        void deliver(String channel, BroadcastMessage message);
    }

    /**
     * Starts the engine.
     *
     * @param receiver what messages for this node go to
     * @throws Exception when it cannot start (the app does not start either)
     */
    void start(Receiver receiver) throws Exception;

    /**
     * Sends {@code message} to every node subscribed to {@code channel}.
     *
     * @param channel the channel, already checked by the broadcaster (1 to 256 characters)
     * @param message the message to carry; its payload is not copied, so the engine must not
     *     change it
     * @return completes when the message is on its way, exceptionally with a
     *     {@link BroadcastException} when it cannot be sent
     */
    CompletableFuture<Void> publish(String channel, BroadcastMessage message);

    /**
     * Starts receiving {@code channel}'s messages on this node. A failure may be thrown as an
     * unchecked exception: the broadcaster logs it and the join that caused it stands.
     *
     * @param channel the channel that has just got its first member on this node (or that
     *     still has members here when the engine is started again)
     */
    void subscribe(String channel);

    /**
     * Stops receiving {@code channel}'s messages on this node. A failure may be thrown as an
     * unchecked exception: the broadcaster logs it.
     *
     * @param channel the channel whose last member on this node has just left
     */
    void unsubscribe(String channel);

    /** Stops the engine; messages published afterwards fail. */
    @Override
    void close();
}

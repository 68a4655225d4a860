package io.veloce.redis;

import io.lettuce.core.RedisURI;
import io.veloce.websocket.BroadcastEngine;
import io.veloce.websocket.BroadcastException;
import io.veloce.websocket.BroadcastMessage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link BroadcastEngine} on Redis pub/sub, so that a message published on any node of an app
 * reaches the channel's members on every node. Every node runs the same app with the same Redis:
 *
 * <pre>{@code
 * Veloce app = new Veloce();
 * app.broadcastEngine(RedisBroadcastEngine.create("redis://127.0.0.1:6379"));
 * }</pre>
 *
 * <ul>
 * <li><b>Connections.</b> Two per node, made when the app starts: one publishes, one subscribes.
 *     A node subscribes to a channel once, when the channel gets its first member there, and
 *     unsubscribes when it loses its last; a published message comes back from Redis to every
 *     node subscribed, the publishing one included. The first {@code join} of a channel on a node
 *     waits for Redis to confirm the subscription (one round trip), so that the member gets
 *     everything published after {@code join} returns.</li>
 * <li><b>Channels.</b> Channel {@code room} is the Redis channel {@code veloce:room}: the
 *     {@linkplain Builder#channelPrefix prefix} keeps apps that share a Redis apart.</li>
 * <li><b>Order.</b> Messages one thread publishes to one channel reach every member on every node
 *     in that order: one connection publishes, and each node's messages arrive, and are handed to
 *     its members, in Redis's order on one connection.</li>
 * <li><b>Outage.</b> While Redis is unreachable, {@code publish} fails at once with a
 *     {@link BroadcastException} saying so — messages are reported failed, never queued and never
 *     lost silently — and joins and leaves are remembered. The engine reconnects with exponential
 *     backoff ({@linkplain Builder#reconnectDelay 100 ms doubling up to 10 s} by default), then
 *     subscribes this node's channels again. The outage is logged twice: one WARN when the
 *     connection is lost, one INFO when it is back. Messages published while a node was cut off
 *     do not reach its members.</li>
 * <li><b>Trust.</b> Whoever can {@code PUBLISH} on this Redis can send messages to the members;
 *     protect it like the app's own credentials. A Redis message that is not a Veloce broadcast is
 *     ignored, with one WARN a minute at most.</li>
 * </ul>
 *
 * <p>Redis Standalone or Sentinel URIs ({@code redis://}, {@code rediss://} for TLS,
 * {@code redis-sentinel://}); Redis 5 or newer.
 */
public final class RedisBroadcastEngine implements BroadcastEngine {

    private final RedisURI uri;
    private final String channelPrefix;
    private final Duration timeout;
    private final Duration minReconnectDelay;
    private final Duration maxReconnectDelay;
    /** The connections while started; {@code null} before {@link #start} and after {@link #close}. */
    private volatile PubSubLink link;

    private RedisBroadcastEngine(Builder builder) {
        this.uri = builder.uri;
        this.channelPrefix = builder.channelPrefix;
        this.timeout = builder.timeout;
        this.minReconnectDelay = builder.minReconnectDelay;
        this.maxReconnectDelay = builder.maxReconnectDelay;
    }

    /**
     * Creates an engine for the Redis at {@code redisUri} with the default settings (see
     * {@link Builder}). It connects when the app starts.
     *
     * @param redisUri for example {@code redis://127.0.0.1:6379}, {@code redis://:password@host:6379/0}
     *     or {@code rediss://host:6380} for TLS
     * @return the engine
     * @throws IllegalArgumentException when {@code redisUri} is not a Redis URI
     */
    public static RedisBroadcastEngine create(String redisUri) {
        return builder(redisUri).build();
    }

    /**
     * Returns a builder for an engine on the Redis at {@code redisUri}.
     *
     * @param redisUri as for {@link #create(String)}
     * @return the builder, with the defaults set
     * @throws IllegalArgumentException when {@code redisUri} is not a Redis URI
     */
    public static Builder builder(String redisUri) {
        return new Builder(Lettuce.parse(redisUri));
    }

    /**
     * Connects to Redis; the app calls it when it starts.
     *
     * @throws IllegalStateException when Redis is unreachable (the app does not start), or the
     *     engine is already started
     */
    @Override
    public synchronized void start(Receiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        if (link != null) {
            throw new IllegalStateException("the Redis broadcast engine is already started");
        }
        link = PubSubLink.open(uri, channelPrefix, timeout, minReconnectDelay, maxReconnectDelay, receiver);
    }

    /**
     * Publishes {@code message} on the Redis channel of {@code channel}.
     *
     * @return completes when Redis has accepted the message (off Redis's I/O threads, so callbacks
     *     may block); fails with a {@link BroadcastException} when Redis is unreachable, does not
     *     answer within the {@linkplain Builder#timeout timeout} or refuses it, or the engine is
     *     not started
     */
    @Override
    public CompletableFuture<Void> publish(String channel, BroadcastMessage message) {
        PubSubLink current = link;
        if (current == null) {
            return CompletableFuture.failedFuture(new BroadcastException("could not publish to '" + channel
                    + "': the Redis broadcast engine is not started (the app is not running)"));
        }
        return current.publish(channel, message);
    }

    /**
     * Subscribes this node to {@code channel}, waiting at most the timeout for Redis to confirm;
     * while Redis is unreachable, it is subscribed once Redis is back. A no-op when not started:
     * the app subscribes its channels again when it starts.
     */
    @Override
    public void subscribe(String channel) {
        PubSubLink current = link;
        if (current != null) {
            current.subscribe(channel);
        }
    }

    /** Unsubscribes this node from {@code channel}; while Redis is unreachable, once it is back. */
    @Override
    public void unsubscribe(String channel) {
        PubSubLink current = link;
        if (current != null) {
            current.unsubscribe(channel);
        }
    }

    /**
     * Closes the connections and the threads the engine created (waiting a few seconds at most);
     * publishing fails afterwards, until the app starts the engine again. Idempotent.
     */
    @Override
    public synchronized void close() {
        PubSubLink current = link;
        link = null;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Settings of a {@link RedisBroadcastEngine}; every one has a default.
     */
    public static final class Builder {

        private final RedisURI uri;
        private String channelPrefix = "veloce:";
        private Duration timeout = Duration.ofSeconds(2);
        private Duration minReconnectDelay = Lettuce.MIN_RECONNECT_DELAY;
        private Duration maxReconnectDelay = Lettuce.MAX_RECONNECT_DELAY;

        private Builder(RedisURI uri) {
            this.uri = uri;
        }

        /**
         * Sets what is put before a channel's name to make its Redis channel; {@code "veloce:"} by
         * default. Apps that share a Redis without sharing channels need different prefixes; the
         * nodes of one app need the same.
         *
         * @param prefix the prefix; may be empty
         * @return this builder
         */
        public Builder channelPrefix(String prefix) {
            this.channelPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Sets how long Redis has to connect and to answer a command; 2 s by default. A publish
         * Redis has not acknowledged by then fails, and a channel's first {@code join} on a node
         * waits at most this long for its subscription.
         *
         * @param timeout the timeout
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Lettuce.checkTimeout(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /**
         * Sets the backoff between reconnect attempts after Redis is lost: {@code min} first, then
         * twice as long each time, up to {@code max}; 100 ms and 10 s by default, so a blip is
         * over within a fraction of a second and a long outage ends at most 10 s after Redis is
         * back.
         *
         * @param min the first delay
         * @param max the longest delay
         * @return this builder
         * @throws IllegalArgumentException unless {@code 0 < min <= max}
         */
        public Builder reconnectDelay(Duration min, Duration max) {
            Lettuce.checkBackoff(Objects.requireNonNull(min, "min"), Objects.requireNonNull(max, "max"));
            this.minReconnectDelay = min;
            this.maxReconnectDelay = max;
            return this;
        }

        /**
         * Returns the engine; it connects when the app starts.
         *
         * @return the engine
         */
        public RedisBroadcastEngine build() {
            return new RedisBroadcastEngine(this);
        }
    }
}

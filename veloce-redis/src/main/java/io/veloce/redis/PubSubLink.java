package io.veloce.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.veloce.websocket.BroadcastEngine;
import io.veloce.websocket.BroadcastException;
import io.veloce.websocket.BroadcastMessage;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started {@link RedisBroadcastEngine}: its client, the connection that publishes, the
 * connection that subscribes, and the channels this node wants.
 *
 * <p>Subscriptions are this class's to keep, not only Lettuce's: Lettuce subscribes again after a
 * reconnect to what Redis had confirmed, but a SUBSCRIBE refused during the outage (a channel's
 * first member joined meanwhile) or an UNSUBSCRIBE refused then (its last member left) would be
 * forgotten. So when the subscribing connection is back, the wanted channels are subscribed and
 * the unwanted ones unsubscribed again — both idempotent in Redis.
 */
final class PubSubLink {

    private static final Logger log = LoggerFactory.getLogger(RedisBroadcastEngine.class);
    /** Completes publish futures off Lettuce's I/O threads: callbacks on them may block, as Veloce code may. */
    private static final Executor COMPLETIONS = task -> Thread.ofVirtual().name("veloce-redis-publish").start(task);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final String where;
    private final byte[] prefix;
    private final Duration timeout;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private final Outage outage;

    /** Orders SUBSCRIBE and UNSUBSCRIBE commands exactly like the changes to these sets. */
    private final Object subscriptions = new Object();
    /** The channels with members on this node. */
    private final Set<String> channels = new HashSet<>();
    /** Channels left while Redis was unreachable: still subscribed once it is back. */
    private final Set<String> stale = new HashSet<>();

    private volatile boolean closing;

    private PubSubLink(String where, String prefix, Duration timeout, Duration maxReconnectDelay,
            ClientResources resources, RedisClient client,
            StatefulRedisConnection<byte[], byte[]> publisher, StatefulRedisPubSubConnection<byte[], byte[]> subscriber) {
        this.where = where;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        this.resources = resources;
        this.client = client;
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.outage = new Outage(log, "Redis at " + where + " is unreachable: broadcasts fail (publish returns a failed "
                + "future) until it is back; reconnecting with backoff, at most " + Lettuce.describe(maxReconnectDelay)
                + " apart",
                "Redis at " + where + " is back, broadcasting again");
    }

    /**
     * Connects both connections.
     *
     * @throws IllegalStateException when Redis cannot be reached
     */
    static PubSubLink open(RedisURI uri, String prefix, Duration timeout, Duration minReconnectDelay,
            Duration maxReconnectDelay, BroadcastEngine.Receiver receiver) {
        String where = Lettuce.describe(uri);
        ClientResources resources = Lettuce.resources(minReconnectDelay, maxReconnectDelay);
        RedisClient client = Lettuce.client(resources, uri, timeout);
        PubSubLink link;
        try {
            link = new PubSubLink(where, prefix, timeout, maxReconnectDelay, resources, client,
                    client.connect(ByteArrayCodec.INSTANCE), client.connectPubSub(ByteArrayCodec.INSTANCE));
        } catch (RuntimeException failure) {
            Lettuce.shutdown(client, resources);
            throw new IllegalStateException("cannot start broadcasting: Redis at " + where + " is unreachable ("
                    + Lettuce.reason(failure) + "); is redis-server running there, and is the URI right?", failure);
        }
        link.subscriber.addListener(new Inbox(prefix, receiver));
        client.addListener(link.new ConnectionStates());
        return link;
    }

    CompletableFuture<Void> publish(String channel, BroadcastMessage message) {
        byte[] key = key(channel);
        byte[] wire = WireFormat.encode(message);
        CompletableFuture<Long> sent = send(() -> publisher.async().publish(key, wire));
        if (sent.isDone() && !sent.isCompletedExceptionally()) {
            return DONE;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        // refused at once (Redis unreachable): fail on the caller's thread; otherwise off the I/O thread
        sent.whenCompleteAsync((receivers, failure) -> {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure(channel, failure));
            }
        }, sent.isDone() ? Runnable::run : COMPLETIONS);
        return done;
    }

    /**
     * Subscribes to {@code channel} and waits (at most the timeout) for Redis to confirm, so that
     * a channel's first member on this node gets every message published after its join. When
     * Redis is unreachable the channel is subscribed once it is back.
     */
    void subscribe(String channel) {
        CompletableFuture<Void> sent;
        synchronized (subscriptions) {
            stale.remove(channel);
            if (!channels.add(channel)) {
                return;
            }
            sent = send(() -> subscriber.async().subscribe(key(channel)));
        }
        try {
            sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException failure) {
            log.debug("SUBSCRIBE {} failed; subscribed when Redis is back: {}", channel, failure.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void unsubscribe(String channel) {
        synchronized (subscriptions) {
            if (!channels.remove(channel)) {
                return;
            }
            send(() -> subscriber.async().unsubscribe(key(channel))).whenComplete((ok, failure) -> {
                if (failure != null) {
                    synchronized (subscriptions) {
                        if (!channels.contains(channel)) {
                            stale.add(channel);
                        }
                    }
                }
            });
        }
    }

    /** Subscribes the wanted channels and unsubscribes the stale ones on a fresh subscribing connection. */
    private void restoreSubscriptions() {
        CompletableFuture<Void> subscribed = DONE;
        int count;
        synchronized (subscriptions) {
            count = channels.size();
            if (!stale.isEmpty()) {
                List<String> left = new ArrayList<>(stale);
                send(() -> subscriber.async().unsubscribe(keys(left))).thenRun(() -> {
                    synchronized (subscriptions) {
                        left.forEach(stale::remove);
                    }
                });
            }
            if (!channels.isEmpty()) {
                List<String> wanted = new ArrayList<>(channels);
                subscribed = send(() -> subscriber.async().subscribe(keys(wanted)));
            }
        }
        // not back until the channels are: messages published before that would miss this node
        subscribed.thenRun(() -> outage.back(subscriber, "; " + count + " channel(s) subscribed again"));
    }

    void close() {
        closing = true;
        Lettuce.shutdown(client, resources);
    }

    private byte[] key(String channel) {
        byte[] name = channel.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(prefix, prefix.length + name.length);
        System.arraycopy(name, 0, key, prefix.length, name.length);
        return key;
    }

    private byte[][] keys(List<String> channels) {
        return channels.stream().map(this::key).toArray(byte[][]::new);
    }

    /** Sends a command; a refusal (Redis unreachable, connection closed) becomes a failed future rather than a throw. */
    private static <T> CompletableFuture<T> send(Supplier<? extends java.util.concurrent.CompletionStage<T>> command) {
        try {
            return command.get().toCompletableFuture();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private BroadcastException failure(String channel, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String why;
        if (cause instanceof RedisCommandTimeoutException) {
            why = "Redis at " + where + " did not answer within " + timeout.toMillis() + " ms";
        } else if (cause instanceof RedisCommandExecutionException) {
            why = "Redis at " + where + " refused it: " + cause.getMessage();
        } else {
            why = "Redis at " + where + " is unreachable (" + Lettuce.reason(cause) + ")";
        }
        return new BroadcastException("could not publish to '" + channel + "': " + why, cause);
    }

    /** Turns Lettuce's connection events into the outage's two log lines and the restored subscriptions. */
    private final class ConnectionStates implements RedisConnectionStateListener {

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (!closing) {
                outage.lost(connection, "connection lost");
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (closing) {
                return;
            }
            if (connection == subscriber) {
                restoreSubscriptions();
            } else {
                outage.back(connection, "");
            }
        }
    }
}

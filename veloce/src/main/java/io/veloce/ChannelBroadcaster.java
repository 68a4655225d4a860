package io.veloce;

import io.veloce.http.JsonCodec;
import io.veloce.server.SharedFrame;
import io.veloce.websocket.BroadcastEngine;
import io.veloce.websocket.BroadcastException;
import io.veloce.websocket.BroadcastMessage;
import io.veloce.websocket.Broadcaster;
import io.veloce.websocket.WebSocket;
import io.veloce.websocket.WebSocketState;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's {@link Broadcaster}: who is in which channel on this node, and the fan-out of each
 * message the engine delivers. The engine only carries messages between nodes.
 */
final class ChannelBroadcaster implements Broadcaster, BroadcastEngine.Receiver {

    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
    private static final int MAX_CHANNEL_LENGTH = 256;

    private final ConcurrentHashMap<String, Set<ExchangeWebSocket>> channels = new ConcurrentHashMap<>();
    private volatile BroadcastEngine engine = new InMemoryBroadcastEngine();
    private volatile JsonCodec json = new JsonCodec(JsonCodec.defaultMapper());
    /** Test clients and servers of one app share it: the engine runs while any of them does. */
    private int starts;

    /** Replaces the engine; only before the app starts. */
    void engine(BroadcastEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    void json(JsonCodec json) {
        this.json = json;
    }

    synchronized void start() throws Exception {
        if (starts == 0) {
            engine.start(this);
            // channels that still have members (from an earlier run) are subscribed again
            channels.forEach((name, members) -> channels.computeIfPresent(name, (n, set) -> {
                subscribe(n);
                return set;
            }));
        }
        starts++; // only once started: a failed start must not make the next one skip the engine
    }

    synchronized void stop() {
        if (starts > 0 && --starts == 0) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                log.warn("broadcast engine did not close cleanly", e);
            }
        }
    }

    @Override
    public void join(String channel, WebSocket ws) {
        checkChannel(channel);
        if (!(ws instanceof ExchangeWebSocket member)) {
            throw new IllegalArgumentException("join() needs the WebSocket Veloce handed to the handler, not a "
                    + (ws == null ? "null" : ws.getClass().getName()));
        }
        if (member.connectionState() != WebSocketState.CONNECTED) {
            throw new IllegalStateException("join() needs an accepted, open WebSocket; it is "
                    + member.connectionState());
        }
        synchronized (member.channelLock) {
            if (member.channelsClosed) {
                throw new IllegalStateException("join() on a WebSocket whose connection has ended");
            }
            if (!member.broadcaster(this)) {
                // its channels are tracked by one broadcaster, which takes it out of them when it ends
                throw new IllegalArgumentException("join() with a WebSocket that already joined another app's channels");
            }
            if (!member.channels.add(channel)) {
                return; // already a member
            }
            channels.compute(channel, (name, members) -> {
                Set<ExchangeWebSocket> set = members;
                if (set == null) {
                    set = ConcurrentHashMap.newKeySet();
                    // inside compute, so a channel's subscribe and unsubscribe are never reordered;
                    // engines must not block here (the contract says so)
                    subscribe(name);
                }
                set.add(member);
                return set;
            });
        }
    }

    @Override
    public void leave(String channel, WebSocket ws) {
        if (!(ws instanceof ExchangeWebSocket member) || channel == null) {
            return;
        }
        synchronized (member.channelLock) {
            if (member.channels.remove(channel)) {
                removeMember(channel, member);
            }
        }
    }

    /** Takes a connection that ended out of every channel it joined, and refuses its later joins. */
    void leaveAll(ExchangeWebSocket member) {
        synchronized (member.channelLock) {
            member.channelsClosed = true;
            for (String channel : member.channels) {
                removeMember(channel, member);
            }
            member.channels.clear();
        }
    }

    private void removeMember(String channel, ExchangeWebSocket member) {
        channels.computeIfPresent(channel, (name, members) -> {
            members.remove(member);
            if (members.isEmpty()) {
                unsubscribe(name);
                return null;
            }
            return members;
        });
    }

    /** An engine failing to subscribe must not leave the map half updated: logged, and the join stands. */
    private void subscribe(String channel) {
        try {
            engine.subscribe(channel);
        } catch (RuntimeException failure) {
            log.warn("broadcast engine could not subscribe to '{}'", channel, failure);
        }
    }

    private void unsubscribe(String channel) {
        try {
            engine.unsubscribe(channel);
        } catch (RuntimeException failure) {
            log.warn("broadcast engine could not unsubscribe from '{}'", channel, failure);
        }
    }

    @Override
    public CompletableFuture<Void> publish(String channel, String text) {
        Objects.requireNonNull(text, "text");
        return publish(channel, BroadcastMessage.text(text));
    }

    @Override
    public CompletableFuture<Void> publish(String channel, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return publish(channel, BroadcastMessage.binary(bytes));
    }

    @Override
    public CompletableFuture<Void> publishJson(String channel, Object value) {
        checkChannel(channel);
        return publish(channel, new BroadcastMessage(true, json.write(value)));
    }

    private CompletableFuture<Void> publish(String channel, BroadcastMessage message) {
        checkChannel(channel);
        try {
            return engine.publish(channel, message);
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure instanceof BroadcastException ? failure
                    : new BroadcastException("could not publish to '" + channel + "': " + failure.getMessage(), failure));
        }
    }

    /** Writes one message to every local member: one encoded frame, shared. */
    @Override
    public void deliver(String channel, BroadcastMessage message) {
        Set<ExchangeWebSocket> members = channels.get(channel);
        if (members == null) {
            return;
        }
        SharedFrame frame = new SharedFrame(message.text(), message.payload());
        try {
            for (ExchangeWebSocket member : members) {
                try {
                    member.offer(frame);
                } catch (RuntimeException failure) {
                    // one broken member must not cost the others their message
                    log.warn("broadcast to a member of '{}' failed", channel, failure);
                }
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public int localMembers(String channel) {
        Set<ExchangeWebSocket> members = channels.get(channel);
        return members == null ? 0 : members.size();
    }

    private static void checkChannel(String channel) {
        if (channel == null || channel.isEmpty() || channel.length() > MAX_CHANNEL_LENGTH) {
            throw new IllegalArgumentException("a channel name is 1 to " + MAX_CHANNEL_LENGTH
                    + " characters, got " + (channel == null ? "null" : channel.length() + " characters"));
        }
    }
}

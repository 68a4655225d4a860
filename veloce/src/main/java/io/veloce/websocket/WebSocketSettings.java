package io.veloce.websocket;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and timers of WebSocket connections, with safe defaults. Immutable: each setter
 * returns a copy. Set for the whole app with {@code app.webSocketSettings(...)} and adjusted for
 * one route with {@code app.websocket(path, settings -> settings.maxMessageSize(...), handler)}.
 * The Netty server enforces all of them. The in-memory test client enforces
 * {@code maxMessageSize} the same way; it has no network, so it has no outbound queue, pings,
 * timers or compression (test those against the real server, as {@code docs/testing.md} shows).
 *
 * <table>
 * <caption>Settings and what happens at the limit</caption>
 * <tr><th>setting</th><th>default</th><th>at the limit</th></tr>
 * <tr><td>{@link #maxMessageSize()}</td><td>1 MiB</td><td>closed with 1009, the message is not buffered</td></tr>
 * <tr><td>{@link #outboundLimit()}</td><td>1 MiB queued per connection</td><td>{@code send*} blocks</td></tr>
 * <tr><td>{@link #sendTimeout()}</td><td>30 s</td><td>connection closed, {@code send*} throws {@link WebSocketDisconnect}</td></tr>
 * <tr><td>{@link #pingInterval()}</td><td>20 s (0: no keepalive pings)</td><td>a ping is sent</td></tr>
 * <tr><td>{@link #pingTimeout()}</td><td>20 s</td><td>no pong in time: closed with 1011</td></tr>
 * <tr><td>{@link #idleTimeout()}</td><td>0 (off)</td><td>no message either way for that long: closed with 1001</td></tr>
 * <tr><td>{@link #closeTimeout()}</td><td>5 s</td><td>the peer did not answer our Close: TCP closed</td></tr>
 * <tr><td>{@link #compression()}</td><td>off</td><td>permessage-deflate (RFC 7692) offered to clients that ask</td></tr>
 * <tr><td>{@link #broadcastOverflow()}</td><td>{@code CLOSE}</td><td>a broadcast member over its outbound limit is
 *     closed with 1008 unless it catches up within {@code sendTimeout} (see {@link BroadcastOverflow})</td></tr>
 * </table>
 */
public final class WebSocketSettings {

    private static final int MiB = 1024 * 1024;
    private static final WebSocketSettings DEFAULTS = new WebSocketSettings(MiB, MiB, Duration.ofSeconds(30),
            Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ZERO, Duration.ofSeconds(5), false,
            BroadcastOverflow.CLOSE);

    private final int maxMessageSize;
    private final int outboundLimit;
    private final Duration sendTimeout;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration idleTimeout;
    private final Duration closeTimeout;
    private final boolean compression;
    private final BroadcastOverflow broadcastOverflow;

    private WebSocketSettings(int maxMessageSize, int outboundLimit, Duration sendTimeout, Duration pingInterval,
            Duration pingTimeout, Duration idleTimeout, Duration closeTimeout, boolean compression,
            BroadcastOverflow broadcastOverflow) {
        this.maxMessageSize = maxMessageSize;
        this.outboundLimit = outboundLimit;
        this.sendTimeout = sendTimeout;
        this.pingInterval = pingInterval;
        this.pingTimeout = pingTimeout;
        this.idleTimeout = idleTimeout;
        this.closeTimeout = closeTimeout;
        this.compression = compression;
        this.broadcastOverflow = broadcastOverflow;
    }

    /**
     * Returns the defaults listed in the class description.
     *
     * @return the default settings, one shared instance (safe, since settings are immutable)
     */
    public static WebSocketSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the largest accepted incoming message (all its fragments together), in bytes.
     *
     * @return the limit in bytes, always positive; default 1 MiB (1048576)
     */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Returns a copy with the largest accepted incoming message, in bytes. A larger message
     * closes the connection with 1009 as soon as its size is known, without buffering it.
     *
     * @param bytes the limit for one whole message in bytes (text counted as UTF-8, a compressed
     *     message once inflated); must be positive
     * @return a new settings object with this value changed; this one is unchanged
     * @throws IllegalArgumentException when not positive
     */
    public WebSocketSettings maxMessageSize(int bytes) {
        return new WebSocketSettings(positive("maxMessageSize", bytes), outboundLimit, sendTimeout, pingInterval,
                pingTimeout, idleTimeout, closeTimeout, compression, broadcastOverflow);
    }

    /**
     * Returns how many bytes of outgoing messages may wait for the peer per connection.
     *
     * @return the limit in bytes, always positive; default 1 MiB (1048576)
     */
    public int outboundLimit() {
        return outboundLimit;
    }

    /**
     * Returns a copy with how many bytes of outgoing messages may wait for a slow peer per
     * connection; beyond it {@code send*} blocks (one message larger than the limit is still sent
     * when nothing else waits).
     *
     * @param bytes the limit in bytes per connection; must be positive. Once the queue is over
     *     it, it must drain below half of it before {@code send*} goes on or a lagging broadcast
     *     member counts as caught up
     * @return a new settings object with this value changed; this one is unchanged
     * @throws IllegalArgumentException when not positive
     */
    public WebSocketSettings outboundLimit(int bytes) {
        return new WebSocketSettings(maxMessageSize, positive("outboundLimit", bytes), sendTimeout, pingInterval,
                pingTimeout, idleTimeout, closeTimeout, compression, broadcastOverflow);
    }

    /**
     * Returns how long {@code send*} may block on a peer that does not read.
     *
     * @return the timeout, always positive; default 30 s
     */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /**
     * Returns a copy with how long {@code send*} may block on a full outbound queue; after it the
     * connection is closed and {@code send*} throws {@link WebSocketDisconnect}.
     *
     * @param timeout how long one {@code send*} may wait for room in the outbound queue, and how
     *     long a broadcast member may stay over its limit under {@link BroadcastOverflow#CLOSE};
     *     must be positive. At the timeout the handler sees 1008 and the TCP connection is
     *     dropped (a Close frame would wait behind what the peer does not read)
     * @return a new settings object with this value changed; this one is unchanged
     * @throws IllegalArgumentException when not positive
     * @throws NullPointerException when {@code timeout} is {@code null}
     */
    public WebSocketSettings sendTimeout(Duration timeout) {
        return new WebSocketSettings(maxMessageSize, outboundLimit, positive("sendTimeout", timeout), pingInterval,
                pingTimeout, idleTimeout, closeTimeout, compression, broadcastOverflow);
    }

    /**
     * Returns the interval between keepalive pings ({@link Duration#ZERO}: none).
     *
     * @return the interval, zero or positive; default 20 s
     */
    public Duration pingInterval() {
        return pingInterval;
    }

    /**
     * Returns a copy with the interval between keepalive pings; {@link Duration#ZERO} turns them off.
     *
     * @param interval the time from one ping to the next, counted from when the connection was
     *     accepted; {@link Duration#ZERO} for no pings; not negative. A ping is skipped while the
     *     last one is unanswered
     * @return a new settings object with this value changed; this one is unchanged
     * @throws IllegalArgumentException when negative
     * @throws NullPointerException when {@code interval} is {@code null}
     */
    public WebSocketSettings pingInterval(Duration interval) {
        return new WebSocketSettings(maxMessageSize, outboundLimit, sendTimeout, notNegative("pingInterval", interval),
                pingTimeout, idleTimeout, closeTimeout, compression, broadcastOverflow);
    }

    /**
     * Returns how long the peer has to answer a keepalive ping.
     *
     * @return the timeout, always positive; default 20 s
     */
    public Duration pingTimeout() {
        return pingTimeout;
    }

    /**
     * Returns a copy with how long the peer has to answer a keepalive ping before the connection
     * is closed with 1011.
     *
     * @param timeout how long after a ping any frame from the peer must arrive (a pong, or any
     *     other frame, proves it alive); must be positive; unused when {@link #pingInterval()}
     *     is zero
     * @return a new settings object with this value changed; this one is unchanged
     * @throws IllegalArgumentException when not positive
     * @throws NullPointerException when {@code timeout} is {@code null}
     */
    public WebSocketSettings pingTimeout(Duration timeout) {
        return new WebSocketSettings(maxMessageSize, outboundLimit, sendTimeout, pingInterval,
                positive("pingTimeout", timeout), idleTimeout, closeTimeout, compression, broadcastOverflow);
    }

    /**
     * Returns how long a connection may carry no message either way ({@link Duration#ZERO}: no limit).
     *
     * @return the timeout, zero or positive; default {@link Duration#ZERO} (off)
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Returns a copy with how long a connection may carry no data message in either direction
     * before it is closed with 1001; {@link Duration#ZERO} (the default) turns it off.
     *
     * @param timeout how long no data message may be received or sent (pings, pongs and Close
     *     frames do not count); {@link Duration#ZERO} for no limit; not negative
     * @return a new settings object with this value changed; this one is unchanged
     * @throws IllegalArgumentException when negative
     * @throws NullPointerException when {@code timeout} is {@code null}
     */
    public WebSocketSettings idleTimeout(Duration timeout) {
        return new WebSocketSettings(maxMessageSize, outboundLimit, sendTimeout, pingInterval, pingTimeout,
                notNegative("idleTimeout", timeout), closeTimeout, compression, broadcastOverflow);
    }

    /**
     * Returns how long the server waits for the peer's Close before closing TCP itself.
     *
     * @return the timeout, always positive; default 5 s
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * Returns a copy with how long the server waits for the peer to answer its Close frame (or to
     * close TCP after answering the peer's) before it closes the TCP connection itself.
     *
     * @param timeout how long the closing handshake may take before TCP is closed regardless;
     *     must be positive
     * @return a new settings object with this value changed; this one is unchanged
     * @throws IllegalArgumentException when not positive
     * @throws NullPointerException when {@code timeout} is {@code null}
     */
    public WebSocketSettings closeTimeout(Duration timeout) {
        return new WebSocketSettings(maxMessageSize, outboundLimit, sendTimeout, pingInterval, pingTimeout,
                idleTimeout, positive("closeTimeout", timeout), compression, broadcastOverflow);
    }

    /**
     * Returns whether permessage-deflate is offered.
     *
     * @return {@code true} when a client's permessage-deflate offer is accepted; default
     *     {@code false}
     */
    public boolean compression() {
        return compression;
    }

    /**
     * Returns a copy that accepts (or not) a client's permessage-deflate offer (RFC 7692). Off by
     * default: each compressed connection holds zlib state of a few hundred KiB.
     *
     * @param enabled {@code true} to accept permessage-deflate when a client offers it (clients
     *     that do not offer it stay uncompressed); {@code false} to decline every offer
     * @return a new settings object with this value changed; this one is unchanged
     */
    public WebSocketSettings compression(boolean enabled) {
        return new WebSocketSettings(maxMessageSize, outboundLimit, sendTimeout, pingInterval, pingTimeout,
                idleTimeout, closeTimeout, enabled, broadcastOverflow);
    }

    /**
     * Returns what happens to a member that falls behind a broadcast ({@link BroadcastOverflow#CLOSE} by default).
     *
     * @return the policy, never {@code null}
     */
    public BroadcastOverflow broadcastOverflow() {
        return broadcastOverflow;
    }

    /**
     * Returns a copy with another policy for a member whose outbound queue is over
     * {@link #outboundLimit()} when a broadcast reaches it (a publisher never waits for one
     * member).
     *
     * @param policy {@link BroadcastOverflow#CLOSE} or {@link BroadcastOverflow#DROP}; not
     *     {@code null}
     * @return a new settings object with this value changed; this one is unchanged
     * @throws NullPointerException when {@code policy} is {@code null}
     */
    public WebSocketSettings broadcastOverflow(BroadcastOverflow policy) {
        return new WebSocketSettings(maxMessageSize, outboundLimit, sendTimeout, pingInterval, pingTimeout,
                idleTimeout, closeTimeout, compression, Objects.requireNonNull(policy, "policy"));
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        if (notNegative(name, value).isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    private static Duration notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "WebSocketSettings[maxMessageSize=" + maxMessageSize + ", outboundLimit=" + outboundLimit
                + ", sendTimeout=" + sendTimeout + ", pingInterval=" + pingInterval + ", pingTimeout=" + pingTimeout
                + ", idleTimeout=" + idleTimeout + ", closeTimeout=" + closeTimeout + ", compression=" + compression
                + ", broadcastOverflow=" + broadcastOverflow + "]";
    }
}

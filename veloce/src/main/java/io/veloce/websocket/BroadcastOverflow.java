package io.veloce.websocket;

/**
 * What a {@link Broadcaster} does with a member that cannot keep up: its outbound queue is over
 * {@link WebSocketSettings#outboundLimit()} when a message for it arrives. Either way the
 * publisher and the other members never wait for it. Set per route with
 * {@link WebSocketSettings#broadcastOverflow(BroadcastOverflow)}.
 */
public enum BroadcastOverflow {

    /**
     * The default: the message is still queued, so the member loses nothing while it catches up,
     * but it must drain its queue (to Netty's low-water mark, half the limit) within
     * {@link WebSocketSettings#sendTimeout()}, or it is closed; if its queue reaches twice the
     * limit first, it is closed at once. Memory per member stays bounded (about twice the limit
     * plus one message), and every member that stays connected gets every message in order. The
     * handler and the logs see 1008; the peer sees the TCP connection drop (1006), because a
     * Close frame would wait behind everything it is not reading.
     */
    CLOSE,

    /**
     * Messages for the member are dropped while it is over its outbound limit, and it stays
     * connected: for feeds where the next message replaces the last (prices, positions). Drops
     * are logged at WARN, at most once a minute per member, with the count so far.
     */
    DROP
}

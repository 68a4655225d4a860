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
     * but it must get back under its outbound limit within {@link WebSocketSettings#sendTimeout()},
     * or it is closed with 1008; if its queue reaches twice the limit first, it is closed with 1008
     * at once. Memory per member stays bounded, every member that stays connected gets every
     * message in order.
     */
    CLOSE,

    /**
     * Messages for the member are dropped while it is over its outbound limit, and it stays
     * connected: for feeds where the next message replaces the last (prices, positions). Drops
     * are logged at WARN, once per member and run of drops.
     */
    DROP
}

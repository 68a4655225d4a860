package io.veloce.server;

import io.veloce.websocket.WebSocketDisconnect;
import io.veloce.websocket.WebSocketMessage;
import java.nio.ByteBuffer;

/**
 * The transport side of one accepted WebSocket, returned by {@link Exchange#upgrade}: whole
 * messages in, whole messages out, and the closing handshake. Protocol rules (fragmentation,
 * control frames, size limits, keepalive, the one Close frame) are the transport's job; the
 * lifecycle rules the app sees (state errors, message types) are the app's. Not an application API.
 */
public interface WebSocketTransport {

    /**
     * Blocks until the next whole message. Messages that arrived before the connection ended are
     * delivered first.
     *
     * @return a {@link WebSocketMessage.Text} (valid UTF-8) or a {@link WebSocketMessage.Binary}
     *     (an array the caller owns); never {@code null}
     * @throws WebSocketDisconnect once the connection has ended, now and on every later call: the
     *     peer's close code and reason, 1006 when it dropped, or the code the transport closed with
     *     (1001 on shutdown, 1002/1007/1009 for a protocol error or an oversized message, 1011
     *     for a missed keepalive)
     */
    WebSocketMessage receive();

    /**
     * Sends a text message, blocking while the connection's outbound limit is reached.
     *
     * @param text the message, sent as one unfragmented frame whatever its length; not
     *     {@code null} (the app checks)
     * @throws WebSocketDisconnect when the connection has ended or a Close was sent, or the send
     *     timeout passed (the connection is then closed)
     */
    void sendText(String text);

    /**
     * Sends the remaining bytes of {@code bytes} as a binary message; see {@link #sendText}.
     *
     * @param bytes the buffer whose bytes from position to limit are sent; copied before this
     *     returns, its position left unchanged
     */
    void sendBinary(ByteBuffer bytes);

    /**
     * Queues a broadcast message without ever blocking: a connection that is over its outbound
     * limit is handled by its {@code BroadcastOverflow} policy, one that is closing drops it.
     *
     * @param frame the message shared by every member; the transport writes a retained
     *     duplicate of its encoded frame (or, with compression, a frame of its own) and leaves
     *     the caller's reference to the caller
     * @return whether the message was queued (not dropped)
     */
    boolean offer(SharedFrame frame);

    /**
     * Runs {@code action} once, when the connection ends or starts closing (a Close sent or
     * received, the TCP connection gone, a limit or timeout hit), from whichever thread saw it;
     * at once when that already happened. It must not block.
     *
     * @param action what to run, e.g. taking the connection out of its broadcast channels; it
     *     must not block or throw. The app registers one per connection
     */
    void whenEnded(Runnable action);

    /**
     * Returns the close code the connection ended with when something other than this side's
     * {@link #close} ended it: the peer's Close, 1006 when the connection was lost, or the code
     * of a limit the transport enforced. It lets the app report the peer's code even when the
     * handler never read it.
     *
     * @return that code; empty while the connection is open (the app asks before its own
     *     {@link #close}, so what this returns after one does not matter)
     */
    java.util.OptionalInt endedWith();

    /**
     * Starts the closing handshake with {@code code} and {@code reason} (already validated) and
     * returns at once. Only the first call sends a Close frame; later ones do nothing.
     *
     * @param code a sendable close code
     * @param reason the close reason, at most 123 UTF-8 bytes; never {@code null}
     */
    void close(int code, String reason);
}

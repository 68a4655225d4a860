package io.veloce.websocket;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one message to every WebSocket in a named channel: chat rooms, live dashboards,
 * notifications. The app has one, {@code app.broadcaster()}; publish from a handler, another
 * thread, a scheduler or a message-queue listener alike.
 *
 * <pre>{@code
 * Broadcaster rooms = app.broadcaster();
 * app.websocket("/rooms/{room}", ws -> {
 *     String room = ws.pathParam("room");
 *     ws.accept();
 *     rooms.join(room, ws);                   // left automatically when the connection ends
 *     for (String text : ws.iterText()) {
 *         rooms.publish(room, text);          // to every member, this one included
 *     }
 * });
 * }</pre>
 *
 * <ul>
 * <li><b>Delivery.</b> A message is encoded once into one frame buffer that every member's
 *     connection writes (no copy per member). Each member gets it through its own outbound
 *     queue; a member that cannot keep up is handled by its route's
 *     {@link WebSocketSettings#broadcastOverflow() BroadcastOverflow} policy, and the publisher
 *     never waits for a member.</li>
 * <li><b>Order.</b> Messages one thread publishes to one channel reach every member in that
 *     order. Messages that several threads publish at the same moment may reach two members in
 *     different orders on one node (each publisher fans out on its own thread); publish from one
 *     thread, or use an engine that orders a channel (Redis does), when every member must see
 *     the same order.</li>
 * <li><b>Nodes.</b> By default channels live in this process. With a {@link BroadcastEngine}
 *     that joins nodes (the {@code veloce-redis} module's Redis engine), a message published on
 *     any node reaches the members on every node.</li>
 * <li><b>Failure.</b> {@code publish} returns a future that completes once the message is handed
 *     to local members (in memory) or accepted by the engine (Redis), and completes exceptionally
 *     with a {@link BroadcastException} when it could not be sent, e.g. while Redis is
 *     unreachable: a message is never lost silently.</li>
 * </ul>
 */
public interface Broadcaster {

    /**
     * Adds {@code ws} to {@code channel}; joining twice is the same as once. The connection leaves
     * every channel when it ends.
     *
     * @param channel a non-empty name of at most 256 characters
     * @param ws an accepted connection, as Veloce gave it to the handler
     * @throws IllegalStateException before {@code accept()} or after the connection ended
     * @throws IllegalArgumentException for a bad channel name, a WebSocket Veloce did not create,
     *     or one that has joined another app's channels (a connection belongs to one app)
     */
    void join(String channel, WebSocket ws);

    /**
     * Removes {@code ws} from {@code channel}; a no-op when it is not a member. The engine stops
     * receiving the channel on this node when its last local member leaves.
     *
     * @param channel the channel to leave; {@code null} is ignored, like a channel {@code ws}
     *     never joined
     * @param ws the connection; {@code null} or a WebSocket this app did not create is ignored
     */
    void leave(String channel, WebSocket ws);

    /**
     * Publishes a text message to every member of {@code channel}, on every node.
     *
     * @param channel a non-empty name of at most 256 characters; a channel without members is
     *     valid (the message then reaches no one)
     * @param text the message; not {@code null}
     * @return completes when the message is handed over (see the class description), or
     *     exceptionally with a {@link BroadcastException}
     * @throws IllegalArgumentException for a bad channel name
     * @throws NullPointerException when {@code text} is {@code null} (thrown at once, not put
     *     in the future)
     */
    CompletableFuture<Void> publish(String channel, String text);

    /**
     * Publishes a binary message; see {@link #publish(String, String)}. The array is not copied: do not change it.
     *
     * @param channel a non-empty name of at most 256 characters
     * @param bytes the payload; not {@code null}, and shared as is by every member (and the
     *     engine), so it must not change afterwards
     * @return completes when the message is handed over (see the class description), or
     *     exceptionally with a {@link BroadcastException}
     * @throws IllegalArgumentException for a bad channel name
     * @throws NullPointerException when {@code bytes} is {@code null} (thrown at once, not put
     *     in the future)
     */
    CompletableFuture<Void> publish(String channel, byte[] bytes);

    /**
     * Publishes {@code value} as a JSON text message, serialised once with the app's mapper; see
     * {@link #publish(String, String)}.
     *
     * @param channel a non-empty name of at most 256 characters
     * @param value anything the app's mapper can serialise; {@code null} sends the JSON
     *     {@code null}
     * @return completes when the message is handed over (see the class description), or
     *     exceptionally with a {@link BroadcastException}
     * @throws IllegalArgumentException for a bad channel name
     * @throws IllegalStateException when the value cannot be serialised (a bug, like in a handler)
     */
    CompletableFuture<Void> publishJson(String channel, Object value);

    /**
     * Returns how many connections of this node are in {@code channel}.
     *
     * @param channel the channel name; not {@code null}
     * @return the number of this node's members at this moment (members on other nodes are not
     *     counted); 0 for a channel nobody here has joined
     */
    int localMembers(String channel);
}

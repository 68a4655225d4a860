package io.veloce.testing;

import io.veloce.server.SharedFrame;
import io.veloce.server.WebSocketTransport;
import io.veloce.websocket.CloseCode;
import io.veloce.websocket.WebSocketDisconnect;
import io.veloce.websocket.WebSocketMessage;
import io.veloce.websocket.WebSocketSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The test client's WebSocket transport: two in-memory queues between the app's handler and
 * the test's {@link WebSocketTestSession}, with the protocol outcomes the Netty server produces
 * (1009 for a message over {@code maxMessageSize}, one Close per side, the peer's Close echoed
 * and seen by the handler as {@link WebSocketDisconnect}). There is no outbound limit: the test
 * reads what the handler sent whenever it likes.
 */
final class InMemoryWebSocket implements WebSocketTransport {

    /** A Close frame, or the end the transport imposed on the handler (1009). */
    record Close(int code, String reason) {
    }

    private final WebSocketSettings settings;
    private final BlockingQueue<Object> toServer = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> toClient = new LinkedBlockingQueue<>();
    private volatile WebSocketDisconnect serverEnd;
    private volatile Close serverClose;
    private volatile Close clientClose;

    InMemoryWebSocket(WebSocketSettings settings) {
        this.settings = settings;
    }

    // ---- the app's side --------------------------------------------------------------------

    @Override
    public WebSocketMessage receive() {
        WebSocketDisconnect over = serverEnd;
        if (over != null) {
            throw over;
        }
        Object next;
        try {
            next = toServer.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebSocketDisconnect(CloseCode.GOING_AWAY, "interrupted");
        }
        if (next instanceof Close close) {
            serverEnd = new WebSocketDisconnect(close.code(), close.reason());
            toServer.add(close); // wakes any other thread receiving on this socket
            throw serverEnd;
        }
        return (WebSocketMessage) next;
    }

    @Override
    public void sendText(String text) {
        checkSendable();
        toClient.add(new WebSocketMessage.Text(text));
    }

    @Override
    public void sendBinary(ByteBuffer bytes) {
        checkSendable();
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy); // leaves the caller's buffer as it was, like the server
        toClient.add(new WebSocketMessage.Binary(copy));
    }

    @Override
    public boolean offer(SharedFrame frame) {
        if (clientClose != null || serverClose != null) {
            return false; // on its way out, as on the server
        }
        // the test session reads messages, not frames: each member gets the message itself
        toClient.add(frame.text()
                ? new WebSocketMessage.Text(new String(frame.payload(), StandardCharsets.UTF_8))
                : new WebSocketMessage.Binary(frame.payload().clone()));
        return true;
    }

    private void checkSendable() {
        Close peer = clientClose;
        if (peer != null) {
            throw new WebSocketDisconnect(peer.code(), peer.reason());
        }
        if (serverClose != null) {
            throw new WebSocketDisconnect(serverClose.code(), "a Close frame was already sent");
        }
    }

    @Override
    public java.util.OptionalInt endedWith() {
        Close peer = clientClose;
        return peer == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(peer.code());
    }

    private Runnable onEnd; // guarded by this

    @Override
    public void whenEnded(Runnable action) {
        boolean now;
        synchronized (this) {
            now = clientClose != null || serverClose != null;
            if (!now) {
                onEnd = action;
            }
        }
        if (now) {
            action.run();
        }
    }

    /** Runs the end action once, outside this object's lock. */
    private void ended() {
        Runnable action;
        synchronized (this) {
            action = onEnd;
            onEnd = null;
        }
        if (action != null) {
            action.run();
        }
    }

    @Override
    public void close(int code, String reason) {
        closeUnderLock(code, reason);
        ended();
    }

    private synchronized void closeUnderLock(int code, String reason) {
        if (serverClose != null) {
            return;
        }
        serverClose = new Close(code, reason);
        toClient.add(serverClose);
        if (clientClose == null) {
            // a client answers a Close with one of its own, as browsers and java.net.http do
            clientClose = new Close(code, "");
            toServer.add(clientClose);
        }
    }

    // ---- the test's side -------------------------------------------------------------------

    /** The client sends a message; one over {@code maxMessageSize} makes the server close with 1009. */
    void clientSend(WebSocketMessage message) {
        if (clientSendUnderLock(message)) {
            ended();
        }
    }

    /** Returns whether the message ended the connection (too big). */
    private synchronized boolean clientSendUnderLock(WebSocketMessage message) {
        int size = switch (message) {
            case WebSocketMessage.Text text -> text.text().getBytes(StandardCharsets.UTF_8).length;
            case WebSocketMessage.Binary binary -> binary.bytes().length;
        };
        if (serverClose != null || clientClose != null) {
            return false; // the frame would be discarded by a server that has closed
        }
        if (size > settings.maxMessageSize()) {
            String reason = "message is larger than " + settings.maxMessageSize() + " bytes";
            serverClose = new Close(CloseCode.MESSAGE_TOO_BIG, reason);
            toClient.add(serverClose);
            toServer.add(serverClose);
            return true;
        }
        toServer.add(message);
        return false;
    }

    /** The client sends its Close; the server answers it with the same code. */
    void clientClose(int code, String reason) {
        clientCloseUnderLock(code, reason);
        ended();
    }

    private synchronized void clientCloseUnderLock(int code, String reason) {
        if (clientClose != null) {
            return;
        }
        clientClose = new Close(code, reason);
        toServer.add(clientClose);
        if (serverClose == null) {
            serverClose = new Close(code, "");
            toClient.add(serverClose);
        }
    }

    /** Returns the next message or {@link Close} from the server, or {@code null} after {@code timeoutNanos}. */
    Object clientReceive(long timeoutNanos) throws InterruptedException {
        return toClient.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }
}

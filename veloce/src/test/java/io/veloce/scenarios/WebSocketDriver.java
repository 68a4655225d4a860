package io.veloce.scenarios;

import io.veloce.websocket.WebSocketDisconnect;
import java.util.List;
import java.util.Map;

/**
 * Opens WebSockets to an app, through the in-memory test client or over loopback to the Netty
 * server with the JDK's WebSocket client, so that one scenario runs on both transports.
 */
interface WebSocketDriver extends AutoCloseable {

    /**
     * Opens a WebSocket.
     *
     * @throws Refused when the handshake was not accepted
     */
    Peer connect(String path, Map<String, String> headers, List<String> subprotocols);

    default Peer connect(String path) {
        return connect(path, Map.of(), List.of());
    }

    @Override
    void close();

    /** The client's end of an open WebSocket. */
    interface Peer extends AutoCloseable {

        void sendText(String text);

        void sendBytes(byte[] bytes);

        /**
         * Returns the next message: a {@code String} or a {@code byte[]}.
         *
         * @throws WebSocketDisconnect with the server's code and reason once it closed
         */
        Object receive();

        default String receiveText() {
            return (String) receive();
        }

        /** Returns the accepted subprotocol, or {@code null}. */
        String subprotocol();

        /** Sends a Close and waits until the server's handler has seen it end. */
        void close(int code, String reason);

        @Override
        default void close() {
            close(1000, "");
        }
    }

    /**
     * A handshake that was not accepted: {@code status} is the HTTP status on the wire (403 for a
     * handler's or middleware's {@code close(code)}); {@code closeCode} is that code where the
     * transport reports it (the test client), else -1.
     */
    final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final int status;
        final int closeCode;

        Refused(int status, int closeCode) {
            super("handshake refused: HTTP " + status + (closeCode < 0 ? "" : ", close code " + closeCode));
            this.status = status;
            this.closeCode = closeCode;
        }
    }
}

package io.veloce.scenarios;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.websocket.WebSocketDisconnect;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens WebSockets over loopback to the real Netty server with {@code java.net.http.WebSocket}. */
final class ServerWebSocketDriver implements WebSocketDriver {

    private final Server server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerWebSocketDriver(Veloce app) {
        this.server = app.start(ServerConfig.defaults().port(0));
    }

    @Override
    public Peer connect(String path, Map<String, String> headers, List<String> subprotocols) {
        JdkPeer peer = new JdkPeer();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        try {
            peer.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), peer)
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                throw new Refused(handshake.getResponse().statusCode(), -1);
            }
            throw new AssertionError("WebSocket connect failed", e);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("WebSocket connect did not complete", e);
        }
        return peer;
    }

    @Override
    public void close() {
        server.close();
        http.close();
    }

    /** Collects whole messages and the Close into a queue the test reads from. */
    static final class JdkPeer implements Peer, WebSocket.Listener {

        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private WebSocketDisconnect closed;
        WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(new WebSocketDisconnect(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(new WebSocketDisconnect(1006, String.valueOf(error)));
        }

        @Override
        public void sendText(String message) {
            join(socket.sendText(message, true));
        }

        @Override
        public void sendBytes(byte[] bytes) {
            join(socket.sendBinary(ByteBuffer.wrap(bytes), true));
        }

        @Override
        public Object receive() {
            if (closed != null) {
                throw closed;
            }
            Object next;
            try {
                next = received.poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (next == null) {
                throw new AssertionError("no WebSocket message from the server within 10 s");
            }
            if (next instanceof WebSocketDisconnect disconnect) {
                closed = disconnect;
                throw disconnect;
            }
            return next;
        }

        @Override
        public String subprotocol() {
            String chosen = socket.getSubprotocol();
            return chosen.isEmpty() ? null : chosen;
        }

        @Override
        public void close(int code, String reason) {
            if (!socket.isOutputClosed()) {
                try {
                    socket.sendClose(code, reason).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException | InterruptedException ignored) {
                    socket.abort();
                }
            }
            // wait for the server's answering Close, which it sends once the handshake completes
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closed == null && System.nanoTime() < deadline) {
                try {
                    receive();
                } catch (WebSocketDisconnect expected) {
                    return;
                }
            }
        }

        private static void join(CompletionStage<?> stage) {
            try {
                stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | CompletionException e) {
                throw new WebSocketDisconnect(1006, "send failed: " + e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError("send did not complete", e);
            }
        }
    }
}

package io.veloce.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client on the JDK's {@code java.net.http}, reading as fast as messages come: text
 * messages are queued as {@link String}, binary ones as {@code byte[]}.
 */
final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final AtomicInteger received = new AtomicInteger();
    private final WebSocket socket;

    private WsClient(int port, String path) {
        this.socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new Reader()).join();
    }

    /** Connects to {@code path} on the loopback server at {@code port}. */
    static WsClient connect(int port, String path) {
        return new WsClient(port, path);
    }

    /** Returns the next message (a String or a byte[]), waiting up to 20 s for it. */
    Object next() throws InterruptedException {
        Object message = messages.poll(20, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 20 s (" + received.get() + " received so far)");
        }
        return message;
    }

    /** Returns the next message, which must be text. */
    String nextText() throws InterruptedException {
        Object message = next();
        if (!(message instanceof String text)) {
            throw new AssertionError("expected a text message, got " + describe(message));
        }
        return text;
    }

    /** Returns a message that is already queued, or null: for checking nothing else came. */
    Object poll() {
        return messages.poll();
    }

    /** Returns how many whole messages have arrived. */
    int received() {
        return received.get();
    }

    static String describe(Object message) {
        return message instanceof byte[] bytes ? "binary, " + bytes.length + " bytes" : "text '" + message + "'";
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Puts fragments back together and asks for the next message at once. */
    private final class Reader implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.incrementAndGet(); // counted before it can be taken, so received() never lags next()
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.incrementAndGet();
                messages.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }
    }
}

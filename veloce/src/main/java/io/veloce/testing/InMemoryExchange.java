package io.veloce.testing;

import io.veloce.http.ClientAddress;
import io.veloce.http.Headers;
import io.veloce.server.Exchange;
import io.veloce.server.WebSocketTransport;
import io.veloce.websocket.WebSocketSettings;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/** The test client's transport: the request is in memory, the response is collected in memory. */
final class InMemoryExchange implements Exchange {

    static final ClientAddress CLIENT = new ClientAddress("testclient", 50000);
    private final ClientAddress client;
    static final ClientAddress SERVER = new ClientAddress("testserver", 80);

    private final String method;
    private final String target;
    private final Headers headers;
    private final byte[] body;
    private final boolean secure;
    private volatile int status;
    private volatile Headers responseHeaders;
    private volatile ByteArrayOutputStream responseBody;
    private volatile Throwable unhandled;
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile InMemoryWebSocket webSocket;
    private volatile InMemoryWebSocket.Close refusal;

    InMemoryExchange(String method, String target, Headers headers, byte[] body, boolean secure,
            ClientAddress client) {
        this.secure = secure;
        this.client = client;
        this.method = method;
        this.target = target;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String protocol() {
        return "HTTP/1.1";
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public ClientAddress client() {
        return client;
    }

    @Override
    public ClientAddress server() {
        return SERVER;
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public void respond(int status, Headers headers, byte[] body) {
        start(status, headers);
        if (!method.equals("HEAD")) {
            responseBody.writeBytes(body);
        }
        if (!this.responseHeaders.contains("Content-Length") && !method.equals("HEAD") && status != 204
                && status != 304 && status >= 200) {
            this.responseHeaders.set("Content-Length", Integer.toString(body.length));
        }
        answered.countDown(); // last: a waiting test then sees the whole response
    }

    @Override
    public OutputStream respondStreaming(int status, Headers headers) {
        start(status, headers);
        if (method.equals("HEAD")) {
            return OutputStream.nullOutputStream();
        }
        String length = headers.get("Content-Length");
        return length != null && length.matches("\\d{1,18}") ? new AnnouncedLength(responseBody, Long.parseLong(length))
                : responseBody;
    }

    /**
     * Holds a streaming body to the {@code Content-Length} it announced, as the server does, so a
     * writer that sends more or less fails its test instead of only the real server's clients.
     */
    private static final class AnnouncedLength extends FilterOutputStream {

        private long remaining;

        AnnouncedLength(OutputStream out, long length) {
            super(out);
            this.remaining = length;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > remaining) {
                throw new IllegalStateException("the response body is longer than its Content-Length");
            }
            remaining -= length;
            out.write(bytes, offset, length);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void close() {
            if (remaining > 0) {
                throw new IllegalStateException("the response body ended " + remaining
                        + " bytes short of its Content-Length");
            }
        }
    }

    private void start(int status, Headers headers) {
        if (responseHeaders != null) {
            throw new IllegalStateException("the app responded twice to " + method + " " + target);
        }
        this.status = status;
        this.responseHeaders = headers.copy();
        this.responseBody = new ByteArrayOutputStream();
    }

    @Override
    public WebSocketTransport upgrade(Headers headers, WebSocketSettings settings) {
        InMemoryWebSocket socket = new InMemoryWebSocket(settings);
        webSocket = socket;
        start(101, headers);
        answered.countDown();
        return socket;
    }

    @Override
    public void webSocketRefused(int code, String reason) {
        refusal = new InMemoryWebSocket.Close(code, reason);
    }

    /** Counted down when the app answered: a response, or a WebSocket accepted. */
    CountDownLatch answered() {
        return answered;
    }

    /** The accepted WebSocket, or {@code null}. */
    InMemoryWebSocket webSocket() {
        return webSocket;
    }

    /** The code of a handshake refused with {@code close(code)}, or {@code null}. */
    InMemoryWebSocket.Close refusal() {
        return refusal;
    }

    @Override
    public void unhandledError(Throwable error) {
        this.unhandled = error;
    }

    Throwable unhandled() {
        return unhandled;
    }

    boolean responded() {
        return responseHeaders != null;
    }

    int status() {
        return status;
    }

    Headers responseHeaders() {
        return responseHeaders;
    }

    byte[] responseBody() {
        return responseBody.toByteArray();
    }
}

package io.veloce;

import com.fasterxml.jackson.databind.JsonNode;
import io.veloce.di.Dependency;
import io.veloce.http.ClientAddress;
import io.veloce.http.Headers;
import io.veloce.http.JsonCodec;
import io.veloce.http.QueryParams;
import io.veloce.http.State;
import io.veloce.server.Exchange;
import io.veloce.server.SharedFrame;
import io.veloce.server.WebSocketTransport;
import io.veloce.websocket.CloseCode;
import io.veloce.websocket.InvalidMessageException;
import io.veloce.websocket.JsonMode;
import io.veloce.websocket.WebSocket;
import io.veloce.websocket.WebSocketDisconnect;
import io.veloce.websocket.WebSocketMessage;
import io.veloce.websocket.WebSocketSettings;
import io.veloce.websocket.WebSocketState;
import io.veloce.websocket.WebSocketTraffic;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@link WebSocket} handlers see: the lifecycle rules of the spec (state errors, refusal
 * before accept, message types, JSON) over a transport's {@link WebSocketTransport}, with the
 * handshake data read from the {@link ExchangeRequest} of the opening request. The same class
 * serves the Netty server and the test client.
 */
final class ExchangeWebSocket implements WebSocket {

    private static final byte[] REFUSED = "{\"detail\":\"WebSocket handshake refused\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final Exchange exchange;
    private final ExchangeRequest request;
    private final WebSocketSettings settings;
    private final JsonCodec json;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile WebSocketState state = WebSocketState.CONNECTING;
    private volatile WebSocketTransport transport;
    private volatile boolean closedByApp;
    private List<String> subprotocols;
    /** Our own 1003 for a message of the wrong type: it ends an iteration with an error, not normally. */
    private volatile WebSocketDisconnect wrongTypeClose;
    private final AtomicInteger closeCode = new AtomicInteger(); // 0: not closed

    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();

    ExchangeWebSocket(Exchange exchange, ExchangeRequest request, WebSocketSettings settings, JsonCodec json) {
        this.exchange = exchange;
        this.request = request;
        this.settings = settings;
        this.json = json;
    }

    /** Whether the handshake was answered, by an accept or a refusal. */
    boolean answered() {
        return state != WebSocketState.CONNECTING || transport != null;
    }

    /** Whether {@code accept()} was called. */
    boolean accepted() {
        return transport != null;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public WebSocketState connectionState() {
        return state;
    }

    @Override
    public OptionalInt closeCode() {
        int code = closeCode.get();
        if (code != 0) {
            return OptionalInt.of(code);
        }
        // the peer may have closed (or the connection died) without the handler reading it
        WebSocketTransport open = transport;
        return open == null ? OptionalInt.empty() : open.endedWith();
    }

    @Override
    public WebSocketTraffic traffic() {
        return new WebSocketTraffic(messagesReceived.get(), bytesReceived.get(), messagesSent.get(), bytesSent.get());
    }

    private void closedWith(int code) {
        closeCode.compareAndSet(0, code); // the first Close decides; what follows is the other side's echo
    }

    /** UTF-8 length without encoding: an access log must not cost a copy of every message. */
    static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x800) {
                bytes += Character.isSurrogate(c) ? 1 : 2; // a pair is 4 bytes for 2 chars
            } else if (c >= 0x80) {
                bytes += 1;
            }
        }
        return bytes;
    }

    @Override
    public void accept() {
        accept(null, new Headers());
    }

    @Override
    public void accept(String subprotocol) {
        accept(subprotocol, new Headers());
    }

    @Override
    public void accept(String subprotocol, Headers headers) {
        Objects.requireNonNull(headers, "headers");
        if (subprotocol != null && !subprotocols().contains(subprotocol)) {
            throw new IllegalArgumentException("subprotocol '" + subprotocol + "' was not offered by the client "
                    + "(offered: " + subprotocols() + ")");
        }
        lifecycle.lock();
        try {
            if (transport != null) {
                throw new IllegalStateException("accept() called twice");
            }
            if (state != WebSocketState.CONNECTING) {
                throw new IllegalStateException("accept() called after close()");
            }
            Headers response = headers.copy();
            response.set("Upgrade", "websocket");
            response.set("Connection", "Upgrade");
            response.set("Sec-WebSocket-Accept", Handshake.accept(exchange));
            if (subprotocol != null) {
                response.set("Sec-WebSocket-Protocol", subprotocol);
            }
            transport = exchange.upgrade(response, settings);
            state = WebSocketState.CONNECTED;
            // membership follows the connection, not the handler: a handler that never reads
            // must not keep a dead connection in its channels
            transport.whenEnded(this::leaveAllChannels);
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public void close() {
        close(CloseCode.NORMAL, "");
    }

    @Override
    public void close(int code) {
        close(code, "");
    }

    @Override
    public void close(int code, String reason) {
        String why = reason == null ? "" : reason;
        CloseCode.validate(code, why);
        lifecycle.lock();
        try {
            if (state == WebSocketState.DISCONNECTED) {
                return;
            }
            if (transport == null) {
                refuse(code, why);
                return;
            }
            closedByApp = true;
            state = WebSocketState.DISCONNECTED;
            // the peer (or a lost connection) may have ended it first, unseen by a handler that never read
            closedWith(transport.endedWith().orElse(code));
        } finally {
            lifecycle.unlock();
        }
        transport.close(code, why);
    }

    /** Refuses the handshake: a 403 with no upgrade (the test client learns {@code code}). */
    void refuse(int code, String reason) {
        state = WebSocketState.DISCONNECTED;
        exchange.webSocketRefused(code, reason);
        exchange.respond(403, Headers.of("Content-Type", "application/json"), REFUSED);
    }

    /** Marks the connection over after the peer or the transport ended it. */
    private WebSocketDisconnect ended(WebSocketDisconnect disconnect) {
        state = WebSocketState.DISCONNECTED;
        closedWith(disconnect.code());
        return disconnect;
    }

    private WebSocketTransport requireAccepted(String call) {
        WebSocketTransport current = transport;
        if (current == null) {
            throw new IllegalStateException(call + " called before accept()"
                    + (state == WebSocketState.DISCONNECTED ? " (the handshake was refused)" : ""));
        }
        return current;
    }

    // ---- receiving -------------------------------------------------------------------------

    @Override
    public WebSocketMessage receive() {
        return receive("receive()");
    }

    private WebSocketMessage receive(String call) {
        WebSocketTransport current = requireAccepted(call);
        try {
            WebSocketMessage message = current.receive();
            messagesReceived.incrementAndGet();
            bytesReceived.addAndGet(switch (message) {
                case WebSocketMessage.Text text -> utf8Length(text.text());
                case WebSocketMessage.Binary binary -> binary.bytes().length;
            });
            return message;
        } catch (WebSocketDisconnect disconnect) {
            throw ended(disconnect);
        }
    }

    @Override
    public String receiveText() {
        return text(receive("receiveText()"));
    }

    private String text(WebSocketMessage message) {
        if (message instanceof WebSocketMessage.Text text) {
            return text.text();
        }
        throw wrongType("expected a text message, got a binary one");
    }

    @Override
    public byte[] receiveBytes() {
        return bytes(receive("receiveBytes()"));
    }

    private byte[] bytes(WebSocketMessage message) {
        if (message instanceof WebSocketMessage.Binary binary) {
            return binary.bytes();
        }
        throw wrongType("expected a binary message, got a text one");
    }

    /** A message of the wrong type ends the connection with 1003 (RFC 6455 §7.4.1). */
    private WebSocketDisconnect wrongType(String reason) {
        close(CloseCode.UNSUPPORTED_DATA, reason);
        WebSocketDisconnect disconnect = new WebSocketDisconnect(CloseCode.UNSUPPORTED_DATA, reason);
        wrongTypeClose = disconnect;
        return disconnect;
    }

    @Override
    public JsonNode receiveJson() {
        String text = receiveText();
        try {
            return json.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonCodec.DecodeException e) {
            throw new InvalidMessageException("message is not valid JSON: " + e.getMessage());
        }
    }

    @Override
    public <T> T receiveJson(Class<T> type) {
        return receiveJson(type, JsonMode.TEXT);
    }

    @Override
    public <T> T receiveJson(Class<T> type, JsonMode mode) {
        Objects.requireNonNull(type, "type");
        WebSocketMessage message = receive("receiveJson()");
        byte[] payload = mode == JsonMode.BINARY ? bytes(message) : text(message).getBytes(StandardCharsets.UTF_8);
        return decode(payload, type);
    }

    private <T> T decode(byte[] payload, Class<T> type) {
        try {
            return json.read(payload, type);
        } catch (JsonCodec.DecodeException e) {
            throw new InvalidMessageException((e.malformed() ? "message is not valid JSON: "
                    : "message does not match " + type.getSimpleName() + ": ") + e.getMessage());
        }
    }

    @Override
    public Iterable<String> iterText() {
        return () -> new Messages<>(this::receiveText);
    }

    @Override
    public Iterable<byte[]> iterBytes() {
        return () -> new Messages<>(this::receiveBytes);
    }

    @Override
    public <T> Iterable<T> iterJson(Class<T> type) {
        return () -> new Messages<>(() -> receiveJson(type));
    }

    /**
     * Iterates until the connection ends: {@code hasNext} receives ahead and answers
     * {@code false} once the peer closed or dropped (or the server closed the connection); a
     * message of the wrong type (1003) or invalid JSON propagates from {@code hasNext}.
     */
    private final class Messages<T> implements Iterator<T> {

        private final Supplier<T> receiver;
        private T next;
        private boolean ready; // next holds a message (which may be a JSON null)
        private boolean done;

        Messages(Supplier<T> receiver) {
            this.receiver = receiver;
        }

        @Override
        public boolean hasNext() {
            if (ready) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                next = receiver.get();
                ready = true;
                return true;
            } catch (WebSocketDisconnect peerGone) {
                if (peerGone == wrongTypeClose) {
                    throw peerGone;
                }
                done = true;
                return false;
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the WebSocket is closed");
            }
            T value = next;
            next = null;
            ready = false;
            return value;
        }
    }

    // ---- sending ---------------------------------------------------------------------------

    private WebSocketTransport requireSendable(String call) {
        WebSocketTransport current = requireAccepted(call);
        if (closedByApp) {
            throw new IllegalStateException(call + " called after close()");
        }
        return current;
    }

    @Override
    public void sendText(String text) {
        Objects.requireNonNull(text, "text");
        WebSocketTransport current = requireSendable("sendText()");
        try {
            current.sendText(text);
            messagesSent.incrementAndGet();
            bytesSent.addAndGet(utf8Length(text));
        } catch (WebSocketDisconnect disconnect) {
            throw ended(disconnect);
        }
    }

    @Override
    public void sendBytes(byte[] bytes) {
        sendBytes(ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")));
    }

    @Override
    public void sendBytes(ByteBuffer bytes) {
        Objects.requireNonNull(bytes, "bytes");
        WebSocketTransport current = requireSendable("sendBytes()");
        try {
            int length = bytes.remaining();
            current.sendBinary(bytes);
            messagesSent.incrementAndGet();
            bytesSent.addAndGet(length);
        } catch (WebSocketDisconnect disconnect) {
            throw ended(disconnect);
        }
    }

    @Override
    public void sendJson(Object value) {
        sendJson(value, JsonMode.TEXT);
    }

    @Override
    public void sendJson(Object value, JsonMode mode) {
        requireSendable("sendJson()");
        byte[] encoded = json.write(value);
        if (mode == JsonMode.BINARY) {
            sendBytes(encoded);
        } else {
            sendText(new String(encoded, StandardCharsets.UTF_8));
        }
    }

    // ---- broadcast -------------------------------------------------------------------------

    /**
     * Guards {@link #channels} and {@link #channelsClosed}; taken by the broadcaster around its
     * map updates for this member, so a join racing the end of the connection cannot leave the
     * member in a channel for good.
     */
    final Object channelLock = new Object();
    /** Broadcast channels joined; guarded by {@link #channelLock}. */
    final Set<String> channels = new HashSet<>();
    /** Set once the connection ended: joining is refused from then on; guarded by {@link #channelLock}. */
    boolean channelsClosed;
    private volatile ChannelBroadcaster broadcaster;

    /** Records the broadcaster whose channels this connection joins; false when it is another's. Under channelLock. */
    boolean broadcaster(ChannelBroadcaster by) {
        if (broadcaster == null) {
            broadcaster = by;
        }
        return broadcaster == by;
    }

    /** Leaves every channel and refuses later joins; when the connection ends, and again after the handler. */
    void leaveAllChannels() {
        ChannelBroadcaster by = broadcaster;
        if (by != null) {
            by.leaveAll(this);
        } else {
            synchronized (channelLock) {
                channelsClosed = true;
            }
        }
    }

    /** Queues a broadcast message, never blocking (the transport applies the overflow policy). */
    void offer(SharedFrame frame) {
        WebSocketTransport current = transport;
        if (current == null || closedByApp) {
            return;
        }
        if (current.offer(frame)) {
            messagesSent.incrementAndGet();
            bytesSent.addAndGet(frame.payload().length);
        }
    }

    // ---- subprotocols and origin -----------------------------------------------------------

    @Override
    public List<String> subprotocols() {
        if (subprotocols == null) {
            List<String> offered = new ArrayList<>();
            for (String header : request.headers().getAll("Sec-WebSocket-Protocol")) {
                for (String token : header.split(",")) {
                    String trimmed = token.trim();
                    if (!trimmed.isEmpty()) {
                        offered.add(trimmed);
                    }
                }
            }
            subprotocols = Collections.unmodifiableList(offered);
        }
        return subprotocols;
    }

    @Override
    public String negotiateSubprotocol(String... supported) {
        return negotiateSubprotocol(Arrays.asList(supported));
    }

    @Override
    public String negotiateSubprotocol(Collection<String> supported) {
        for (String offered : subprotocols()) {
            if (supported.contains(offered)) {
                return offered;
            }
        }
        return null;
    }

    @Override
    public String origin() {
        return request.headers().get("Origin");
    }

    @Override
    public boolean checkOrigin(String allowed) {
        return checkOrigin(Collections.singletonList(allowed));
    }

    @Override
    public boolean checkOrigin(String... allowed) {
        return checkOrigin(allowed == null ? List.of() : Arrays.asList(allowed));
    }

    /**
     * Repeated {@code Origin} headers fail even against {@code "*"}: a request that could be read
     * two ways is refused rather than read the lenient way.
     */
    @Override
    public boolean checkOrigin(Collection<String> allowed) {
        if (allowed == null) {
            return false;
        }
        List<String> origins = request.headers().getAll("Origin");
        if (origins.size() > 1) {
            return false;
        }
        if (allowed.contains("*")) {
            return true;
        }
        if (origins.isEmpty()) {
            return false;
        }
        String origin = normalizeOrigin(origins.get(0));
        if (origin.equals("null")) {
            return false;
        }
        for (String entry : allowed) {
            if (entry != null && normalizeOrigin(entry).equals(origin)) {
                return true;
            }
        }
        return false;
    }

    private static String normalizeOrigin(String origin) {
        int end = origin.length();
        while (end > 0 && origin.charAt(end - 1) == '/') {
            end--;
        }
        return origin.substring(0, end).toLowerCase(Locale.ROOT);
    }

    // ---- handshake data --------------------------------------------------------------------

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public String path() {
        return request.path();
    }

    /** The handshake URL with the {@code ws}/{@code wss} scheme. */
    @Override
    public URI url() {
        URI http = request.url();
        String scheme = http.getScheme().equals("https") ? "wss" : "ws";
        return URI.create(scheme + http.toString().substring(http.getScheme().length()));
    }

    @Override
    public boolean secure() {
        return request.secure();
    }

    @Override
    public Headers headers() {
        return request.headers();
    }

    @Override
    public QueryParams queryParams() {
        return request.queryParams();
    }

    @Override
    public Map<String, String> cookies() {
        return request.cookies();
    }

    @Override
    public ClientAddress client() {
        return request.client();
    }

    @Override
    public String pathParam(String name) {
        return request.pathParam(name);
    }

    @Override
    public Map<String, String> pathParams() {
        return request.pathParams();
    }

    @Override
    public State state() {
        return request.state();
    }

    @Override
    public <T> T dependency(Dependency<T> dependency) {
        return request.dependencies(this).resolve(dependency);
    }

    @Override
    public String toString() {
        return "WebSocket " + request.rawPath() + " (" + state + ")";
    }
}

package io.veloce.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.util.AsciiString;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.veloce.http.ClientAddress;
import io.veloce.http.Headers;
import io.veloce.websocket.WebSocketSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;

/** One request on a Netty connection, as the app's {@link Dispatcher} sees it. */
final class NettyExchange implements Exchange {

    private static final byte[] NO_BODY = new byte[0];
    /**
     * Response headers without Netty's second validation: every name and value the app sets went
     * through {@link Headers}, which already refuses invalid names and CR/LF/NUL in values.
     */
    static final DefaultHttpHeadersFactory RESPONSE_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final Channel channel;
    private final NettyServer server;
    private final String method;
    private final String target;
    private final HttpVersion version;
    private final boolean keepAlive;
    private final Headers headers;
    private final byte[] body;
    private boolean responded;
    private boolean closeAfter;

    /** Copies what the app needs out of {@code request}; the caller releases it. */
    NettyExchange(Channel channel, FullHttpRequest request, NettyServer server) {
        this.channel = channel;
        this.server = server;
        this.method = request.method().name();
        this.target = request.uri();
        this.version = request.protocolVersion();
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.headers = new Headers();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.addTrusted(header.getKey(), header.getValue());
        }
        this.body = request.content().isReadable() ? ByteBufUtil.getBytes(request.content()) : NO_BODY;
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
        return version.text();
    }

    @Override
    public boolean secure() {
        return server.secure();
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public ClientAddress client() {
        return address((InetSocketAddress) channel.remoteAddress());
    }

    @Override
    public ClientAddress server() {
        return address((InetSocketAddress) channel.localAddress());
    }

    private static ClientAddress address(InetSocketAddress socket) {
        return socket == null ? new ClientAddress("unknown", 0)
                : new ClientAddress(socket.getAddress().getHostAddress(), socket.getPort());
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public void respond(int status, Headers appHeaders, byte[] bytes) {
        if (plainKeepAliveResponse(status, appHeaders)) {
            respondFast(status, appHeaders, bytes);
            return;
        }
        boolean head = method.equals("HEAD");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes),
                RESPONSE_HEADERS, RESPONSE_HEADERS);
        HttpHeaders out = response.headers();
        copy(appHeaders, out);
        boolean bodiless = status < 200 || status == 204 || status == 304;
        if (!head && !bodiless && !out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            out.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        }
        write(response, out, true);
    }

    /**
     * Whether the response is the common case the encoder never touches: a keep-alive HTTP/1.1
     * response with a body, to a method other than HEAD and CONNECT, with no {@code Connection},
     * {@code Content-Length}, {@code Date} or {@code Transfer-Encoding} header of the app's own.
     */
    private boolean plainKeepAliveResponse(int status, Headers appHeaders) {
        return status >= 200 && status != 204 && status != 205 && status != 304 && keepAlive
                && version.equals(HttpVersion.HTTP_1_1) && !method.equals("HEAD") && !method.equals("CONNECT")
                && !server.closing() && !appHeaders.contains("Connection") && !appHeaders.contains("Content-Length")
                && !appHeaders.contains("Date") && !appHeaders.contains("Transfer-Encoding");
    }

    /**
     * Writes the common case with Netty's flat read-only headers: the app's headers plus
     * {@code Date} and {@code Content-Length} go into one array, with no hash map built and filled
     * per response (measurable once middleware adds half a dozen headers).
     */
    private void respondFast(int status, Headers appHeaders, byte[] bytes) {
        CharSequence[] pairs = new CharSequence[2 * (appHeaders.size() + 2)];
        int[] at = {0};
        appHeaders.forEach((name, value) -> {
            pairs[at[0]++] = HeaderText.name(name);
            pairs[at[0]++] = new AsciiString(value);
        });
        pairs[at[0]++] = HttpHeaderNames.DATE;
        pairs[at[0]++] = HttpDate.now();
        pairs[at[0]++] = HttpHeaderNames.CONTENT_LENGTH;
        pairs[at[0]] = Integer.toString(bytes.length);
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes), new ReadOnlyHttpHeaders(false, pairs), EmptyHttpHeaders.INSTANCE));
    }

    @Override
    public OutputStream respondStreaming(int status, Headers appHeaders) throws IOException {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                RESPONSE_HEADERS);
        HttpHeaders out = response.headers();
        copy(appHeaders, out);
        boolean head = method.equals("HEAD");
        long length = announcedLength(out);
        if (version.equals(HttpVersion.HTTP_1_0)) {
            closeAfter = true; // no chunked encoding in HTTP/1.0: the end of the body is the close
        } else if (!head && length < 0) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        write(response, out, false);
        return new ChunkedBodyStream(channel, head, length, !server.secure());
    }

    /**
     * The {@code Content-Length} the app announced for a streaming body (a file's size), which
     * is then sent as is rather than chunked; -1 when there is none. One that is not a single
     * decimal number is dropped: the body goes chunked instead of with a length nobody can trust.
     */
    private static long announcedLength(HttpHeaders out) {
        String value = out.get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        if (out.getAll(HttpHeaderNames.CONTENT_LENGTH).size() == 1 && !value.isEmpty() && value.length() <= 18
                && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(value);
        }
        out.remove(HttpHeaderNames.CONTENT_LENGTH);
        return -1;
    }

    @Override
    public WebSocketTransport upgrade(Headers appHeaders, WebSocketSettings settings) {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        FullHttpResponse response = WebSocketUpgrade.switchingProtocols();
        copy(appHeaders, response.headers());
        return WebSocketUpgrade.start(channel, response, settings, headers.get("Sec-WebSocket-Extensions"),
                server::closing);
    }

    private void copy(Headers from, HttpHeaders to) {
        from.forEach((name, value) -> to.add(name, value));
        to.set(HttpHeaderNames.DATE, HttpDate.now());
    }

    private void write(HttpResponse response, HttpHeaders out, boolean complete) {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        closeAfter |= !keepAlive || server.closing() || "close".equalsIgnoreCase(out.get(HttpHeaderNames.CONNECTION));
        if (closeAfter) {
            out.set(HttpHeaderNames.CONNECTION, "close");
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            out.set(HttpHeaderNames.CONNECTION, "keep-alive");
        }
        if (complete) {
            var future = channel.writeAndFlush(response);
            if (closeAfter) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            channel.writeAndFlush(response);
        }
    }

    @Override
    public void abort() {
        channel.close();
    }

    /** Called by the worker once the app is done with this exchange. */
    void finish() {
        if (!responded) {
            respond(500, Headers.of("Content-Type", "application/json"),
                    "{\"detail\":\"Internal Server Error\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (closeAfter) {
            // queued behind the response's own writes, so the body is flushed before the close
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

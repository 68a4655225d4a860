package io.veloce.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.veloce.Veloce;
import io.veloce.di.Dependency;
import io.veloce.http.ClientAddress;
import io.veloce.http.Headers;
import io.veloce.server.Dispatcher;
import io.veloce.server.Exchange;
import io.veloce.server.WebSocketTransport;
import io.veloce.websocket.WebSocketSettings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What dependencies cost a request: {@code GET /plain} against {@code GET /deps}, the same
 * handler with three nested dependencies (each needs the one before), measured two ways. The
 * {@code framework*} benchmarks dispatch an in-memory exchange straight into the app pipeline
 * (routing, handler, response): the framework's own cost, and the largest ratio. The
 * {@code httpRequest*} benchmarks push the request's bytes through Netty's HTTP/1.1 codec on an
 * {@link EmbeddedChannel} and take the encoded response out: a whole request as the server
 * handles it, minus the socket and the thread hand-off. Run with {@code -prof gc} for the
 * allocation per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DependencyBenchmark {

    private Dispatcher dispatcher;
    private EmbeddedChannel http;
    private ByteBuf plainRequest;
    private ByteBuf depsRequest;

    /** Creates the benchmark state, empty until JMH calls {@link #setUp()}. */
    public DependencyBenchmark() {
    }

    /** Builds the app: the same handler with and without three nested dependencies. */
    @Setup
    public void setUp() {
        // trivial providers: the figure is what resolving costs, not what providers compute
        Dependency<String> first = Dependency.of(conn -> "Hello, World!");
        Dependency<String> second = Dependency.of(first, (conn, value) -> value);
        Dependency<String> third = Dependency.of(second, (conn, value) -> value);
        Veloce app = new Veloce();
        app.get("/plain", req -> "Hello, World!");
        app.get("/deps", third, (req, value) -> value);
        dispatcher = app.dispatcher();
        http = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(65536), new EmbeddedDispatch());
        plainRequest = request("/plain");
        depsRequest = request("/deps");
    }

    private static ByteBuf request(String path) {
        return Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
                "GET " + path + " HTTP/1.1\r\nHost: bench\r\n\r\n", StandardCharsets.US_ASCII));
    }

    /** Releases the channel. */
    @TearDown
    public void tearDown() {
        http.finishAndReleaseAll();
    }

    /**
     * {@code GET /plain} through Netty's HTTP codec: no dependency.
     *
     * @return the response's size in bytes, returned so that JMH consumes it and the request is
     *     not optimised away
     */
    @Benchmark
    public int httpRequestWithoutDependencies() {
        return roundTrip(plainRequest);
    }

    /**
     * {@code GET /deps} through Netty's HTTP codec: three nested dependencies.
     *
     * @return the response's size in bytes, returned so that JMH consumes it and the request is
     *     not optimised away
     */
    @Benchmark
    public int httpRequestWithThreeNestedDependencies() {
        return roundTrip(depsRequest);
    }

    private int roundTrip(ByteBuf request) {
        http.writeInbound(request.duplicate());
        int bytes = 0;
        for (ByteBuf out = http.readOutbound(); out != null; out = http.readOutbound()) {
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }

    /**
     * {@code GET /plain} dispatched in memory: no dependency.
     *
     * @return the response's status plus its body length, returned so that JMH consumes them and
     *     the dispatch is not optimised away
     */
    @Benchmark
    public int withoutDependencies() {
        BenchExchange exchange = new BenchExchange("/plain");
        dispatcher.dispatch(exchange);
        return exchange.status + exchange.length;
    }

    /**
     * {@code GET /deps} dispatched in memory: three nested dependencies resolved for the request.
     *
     * @return the response's status plus its body length, returned so that JMH consumes them and
     *     the dispatch is not optimised away
     */
    @Benchmark
    public int withThreeNestedDependencies() {
        BenchExchange exchange = new BenchExchange("/deps");
        dispatcher.dispatch(exchange);
        return exchange.status + exchange.length;
    }

    /** Hands each decoded request to the app on the event-loop thread and writes its response back. */
    private final class EmbeddedDispatch extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            FullHttpRequest request = (FullHttpRequest) msg;
            try {
                BenchExchange exchange = new BenchExchange(request.uri());
                dispatcher.dispatch(exchange);
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(exchange.status), Unpooled.wrappedBuffer(exchange.body));
                exchange.headers.forEach((name, value) -> response.headers().add(name, value));
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, exchange.body.length);
                ctx.writeAndFlush(response);
            } finally {
                request.release();
            }
        }
    }

    /** The smallest transport: a GET with no headers, the response kept. */
    static final class BenchExchange implements Exchange {

        private static final Headers NO_HEADERS = new Headers();
        private static final ClientAddress ADDRESS = new ClientAddress("127.0.0.1", 1);
        private static final byte[] NO_BODY = new byte[0];

        private final String target;
        int status;
        int length;
        Headers headers;
        byte[] body;

        BenchExchange(String target) {
            this.target = target;
        }

        @Override
        public String method() {
            return "GET";
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
            return false;
        }

        @Override
        public Headers headers() {
            return NO_HEADERS;
        }

        @Override
        public ClientAddress client() {
            return ADDRESS;
        }

        @Override
        public ClientAddress server() {
            return ADDRESS;
        }

        @Override
        public byte[] body() {
            return NO_BODY;
        }

        @Override
        public void respond(int status, Headers headers, byte[] body) {
            this.status = status;
            this.length = body.length;
            this.headers = headers;
            this.body = body;
        }

        @Override
        public OutputStream respondStreaming(int status, Headers headers) {
            throw new UnsupportedOperationException("no streaming in this benchmark");
        }

        @Override
        public WebSocketTransport upgrade(Headers headers, WebSocketSettings settings) {
            throw new UnsupportedOperationException("no WebSockets in this benchmark");
        }
    }
}

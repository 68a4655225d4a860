package io.veloce.bench;

import io.veloce.Veloce;
import io.veloce.di.Dependency;
import io.veloce.http.ClientAddress;
import io.veloce.http.Headers;
import io.veloce.server.Dispatcher;
import io.veloce.server.Exchange;
import io.veloce.server.WebSocketTransport;
import io.veloce.websocket.WebSocketSettings;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What dependencies cost a request: the whole app pipeline (routing, handler, response) for
 * {@code GET /plain} against {@code GET /deps}, the same handler with three nested dependencies
 * (each needs the one before), dispatched in memory so the figure is the framework's, not the
 * network's. Run with {@code -prof gc} for the allocation per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DependencyBenchmark {

    private Dispatcher dispatcher;

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
    }

    /** {@code GET /plain}: no dependency. */
    @Benchmark
    public int withoutDependencies() {
        BenchExchange exchange = new BenchExchange("/plain");
        dispatcher.dispatch(exchange);
        return exchange.status + exchange.length;
    }

    /** {@code GET /deps}: three nested dependencies resolved for the request. */
    @Benchmark
    public int withThreeNestedDependencies() {
        BenchExchange exchange = new BenchExchange("/deps");
        dispatcher.dispatch(exchange);
        return exchange.status + exchange.length;
    }

    /** The smallest transport: a GET with no headers, the response's status and length kept. */
    static final class BenchExchange implements Exchange {

        private static final Headers NO_HEADERS = new Headers();
        private static final ClientAddress ADDRESS = new ClientAddress("127.0.0.1", 1);
        private static final byte[] NO_BODY = new byte[0];

        private final String target;
        int status;
        int length;

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

package io.veloce.middleware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketDenied;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per client: bursts, refill, 429 with Retry-After, WebSocket handshakes, bounded memory. */
class RateLimitMiddlewareTest {

    /** A clock the test moves by hand, so no test waits for real time. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private TestClient client(RateLimitMiddleware limit) {
        Veloce app = new Veloce();
        app.addMiddleware(limit);
        app.get("/", req -> "ok");
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.close();
        });
        return app.testClient();
    }

    private RateLimitMiddleware threePerMinute(InMemoryRateLimitStore store) {
        return new RateLimitMiddleware(3, Duration.ofMinutes(1))
                .keyBy(conn -> conn.headers().get("X-Client"))
                .store(store);
    }

    private static TestResponse get(TestClient client, String who) {
        return client.get("/", r -> r.header("X-Client", who));
    }

    @Test
    void aBurstUpToTheLimitPassesThenItIs429WithRetryAfterUntilTheBucketRefills() {
        try (TestClient client = client(threePerMinute(new InMemoryRateLimitStore(100, now::get)))) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(client, "ada").status()).isEqualTo(200);
            }
            TestResponse limited = get(client, "ada");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.headers().get("Retry-After")).isEqualTo("20");
            assertThat(limited.text()).contains("rate limit exceeded");
            assertThat(get(client, "bob").status()).as("another client has its own bucket").isEqualTo(200);
            now.addAndGet(TimeUnit.SECONDS.toNanos(20));
            assertThat(get(client, "ada").status()).isEqualTo(200);
            assertThat(get(client, "ada").status()).isEqualTo(429);
        }
    }

    @Test
    void aWebSocketHandshakeOverTheLimitIsRefusedWith429() {
        try (TestClient client = client(threePerMinute(new InMemoryRateLimitStore(100, now::get)))) {
            for (int i = 0; i < 3; i++) {
                get(client, "ada");
            }
            WebSocketDenied denied = catchThrowableOfType(WebSocketDenied.class,
                    () -> client.websocketConnect("/ws", r -> r.header("X-Client", "ada")));
            assertThat(denied.status()).isEqualTo(429);
            assertThat(denied.response().headers().get("Retry-After")).isEqualTo("20");
        }
    }

    @Test
    void theStoreForgetsRefilledBucketsAndNeverGrowsPastItsBound() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(2, now::get);
        try (TestClient client = client(threePerMinute(store))) {
            get(client, "a");
            get(client, "b");
            assertThat(get(client, "c").status()).as("a full table lets new clients through").isEqualTo(200);
            assertThat(store.size()).isEqualTo(2);
            now.addAndGet(TimeUnit.MINUTES.toNanos(1));
            get(client, "c");
            assertThat(store.size()).as("refilled buckets were forgotten to make room").isEqualTo(1);
        }
    }

    @Test
    void aLimitMustBePositive() {
        assertThatThrownBy(() -> new RateLimitMiddleware(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitMiddleware(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6ClientsAreLimitedByTheirSlash64() {
        assertThat(RateLimitMiddleware.clientKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(RateLimitMiddleware.clientKey("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
        assertThat(RateLimitMiddleware.clientKey("2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .isEqualTo(RateLimitMiddleware.clientKey("2001:db8:1:2:3:4:5:6"));
        assertThat(RateLimitMiddleware.clientKey("2001:db8::1")).isEqualTo("2001:db8:0:0::/64");
    }

    @Test
    void limitersSharingAStoreKeepTheirOwnBuckets() {
        InMemoryRateLimitStore shared = new InMemoryRateLimitStore(100, now::get);
        Veloce app = new Veloce();
        app.addMiddleware(new RateLimitMiddleware(100, Duration.ofMinutes(1))
                .keyBy(conn -> "ada").store(shared));
        app.addMiddleware(new RateLimitMiddleware(2, Duration.ofMinutes(1))
                .keyBy(conn -> "ada").store(shared));
        app.get("/", req -> "ok");
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/").status()).isEqualTo(200);
            assertThat(client.get("/").status()).isEqualTo(200);
            assertThat(client.get("/").status()).as("the strict limiter's own bucket is empty").isEqualTo(429);
        }
    }
}

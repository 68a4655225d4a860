package io.veloce.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.middleware.security.RateLimitMiddleware;
import io.veloce.testsupport.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token buckets in a real Redis, shared by two nodes. */
class RedisRateLimitStoreTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @RegisterExtension
    static final RedisServerProcess redis = RedisServerProcess.perTestClass();

    /** A node allowing 3 requests a minute per client, its buckets in {@code store}. */
    private static Server node(RedisRateLimitStore store) {
        Veloce app = new Veloce();
        app.addMiddleware(new RateLimitMiddleware(3, Duration.ofMinutes(1)).store(store));
        app.get("/", req -> "ok");
        return app.start(ServerConfig.defaults().port(0));
    }

    private static HttpResponse<String> get(Server server) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RedisRateLimitStore quicklyReconnecting() {
        return RedisRateLimitStore.builder(redis.uri()).reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                .build();
    }

    @Test
    void aBucketHoldsCapacityTokensAndSaysHowLongUntilTheNext() {
        try (RedisRateLimitStore store = RedisRateLimitStore.create(redis.uri())) {
            for (int i = 0; i < 3; i++) {
                assertThat(store.tryAcquire("burst", 3, HOUR)).isZero();
            }
            long wait = store.tryAcquire("burst", 3, HOUR);
            // a token comes back every 20 minutes; only the few microseconds since have refilled
            assertThat(wait).isPositive().isLessThanOrEqualTo(HOUR / 3)
                    .isGreaterThan(HOUR / 3 - TimeUnit.MINUTES.toNanos(1));
            assertThat(store.tryAcquire("other", 3, HOUR)).as("buckets are per key").isZero();
        }
    }

    @Test
    void bucketsExpireWhenTheyWouldBeFullAgain() {
        try (RedisRateLimitStore store = RedisRateLimitStore.create(redis.uri())) {
            store.tryAcquire("expiring", 10, TimeUnit.SECONDS.toNanos(10));
            // one token taken of 10: full again within a second
            assertThat(redis.commands().pttl("veloce:ratelimit:expiring")).isBetween(1L, 1000L);
            store.tryAcquire("short", 1, TimeUnit.MILLISECONDS.toNanos(100));
            Nodes.await("the refilled bucket is gone from Redis", () -> redis.commands().exists("veloce:ratelimit:short") == 0);
            assertThat(store.tryAcquire("short", 1, TimeUnit.MILLISECONDS.toNanos(100))).as("and full again").isZero();
        }
    }

    @Test
    void theScriptIsSentAgainWhenRedisHasForgottenIt() {
        try (RedisRateLimitStore store = RedisRateLimitStore.builder(redis.uri()).keyPrefix("flushed:").build()) {
            assertThat(store.tryAcquire("k", 2, HOUR)).isZero();
            redis.commands().scriptFlush();
            assertThat(store.tryAcquire("k", 2, HOUR)).isZero();
            assertThat(store.tryAcquire("k", 2, HOUR)).isPositive();
            assertThat(redis.commands().exists("flushed:k")).isEqualTo(1);
        }
    }

    @Test
    void theLimitHoldsAcrossNodes() throws Exception {
        try (RedisRateLimitStore storeA = RedisRateLimitStore.builder(redis.uri()).keyPrefix("across:").build();
                RedisRateLimitStore storeB = RedisRateLimitStore.builder(redis.uri()).keyPrefix("across:").build();
                Server a = node(storeA);
                Server b = node(storeB)) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(a).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> limited = get(b);
            assertThat(limited.statusCode()).as("node A used the client's tokens").isEqualTo(429);
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
            assertThat(get(a).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void whileRedisIsDownRequestsPassWithOneWarningAndLimitsHoldOnceItIsBack() throws Exception {
        try (LogCapture log = LogCapture.info(RedisRateLimitStore.class);
                RedisServerProcess own = RedisServerProcess.start();
                RedisRateLimitStore storeA = RedisRateLimitStore.builder(own.uri())
                        .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200)).build();
                RedisRateLimitStore storeB = RedisRateLimitStore.builder(own.uri())
                        .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200)).build();
                Server a = node(storeA);
                Server b = node(storeB)) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(a).statusCode()).isEqualTo(200);
            }
            assertThat(get(b).statusCode()).isEqualTo(429);

            own.stop();
            for (int i = 0; i < 10; i++) { // fail open: well over the limit, on both nodes
                assertThat(get(a).statusCode()).isEqualTo(200);
                assertThat(get(b).statusCode()).isEqualTo(200);
            }
            assertThat(log.lines("WARN")).as("one warning per node for the whole outage").hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("Redis at 127.0.0.1:" + own.port()
                            + " is unreachable for rate limits: requests pass unlimited (fail open)"));

            own.restart(); // empty: every bucket is full again
            Nodes.await("node A limits again", () -> {
                try {
                    return get(a).statusCode() == 429;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(get(b).statusCode()).isEqualTo(429);
            assertThat(log.lines("INFO")).as("each node said so").hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("answers again, rate limits hold"));
            assertThat(log.lines("WARN")).hasSize(2);
        }
    }

    @Test
    void aStoreThatCannotReachRedisIsNotCreated() {
        int nobody = RedisServerProcess.freePort();
        assertThatThrownBy(() -> RedisRateLimitStore.create("redis://127.0.0.1:" + nobody))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Redis at 127.0.0.1:" + nobody + " is unreachable");
    }

    @Test
    void aClosedStoreRefusesToBeUsed() {
        RedisRateLimitStore store = quicklyReconnecting();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.tryAcquire("k", 1, HOUR)).isInstanceOf(IllegalStateException.class);
    }
}

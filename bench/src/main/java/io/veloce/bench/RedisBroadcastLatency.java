package io.veloce.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.redis.RedisBroadcastEngine;
import io.veloce.websocket.Broadcaster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * End-to-end latency of a broadcast across two nodes joined by Redis: node A publishes
 * {@code rate} messages a second, each carrying its {@code System.nanoTime()}; a WebSocket client
 * of node B records, on receipt, how long ago that was. The baseline, in the same run and at the
 * same rate: a bare Lettuce subscriber on the same Redis receiving a bare Lettuce PUBLISH, i.e.
 * Redis pub/sub alone, so the difference is what Veloce adds (engine, fan-out, WebSocket write,
 * the client's read). Everything runs in this process (pin it to one CPU; Redis to the other),
 * so the clocks are one.
 *
 * <p>Args: {@code redisUri [rate=1000] [seconds=20] [warmupSeconds=5]}. Prints
 * {@code <name> sent S received R p50 X p99 Y p999 Z max M} (microseconds) for {@code raw} then
 * {@code veloce}.
 */
public final class RedisBroadcastLatency {

    private RedisBroadcastLatency() {
    }

    /**
     * Runs both measurements.
     *
     * @param args {@code redisUri [rate=1000] [seconds=20] [warmupSeconds=5]}: the Redis server
     *     (for example {@code redis://127.0.0.1:6379}), messages per second, measured seconds and
     *     unrecorded warm-up seconds
     * @throws Exception when Redis or a node cannot be reached or started, or the thread is
     *     interrupted
     */
    public static void main(String[] args) throws Exception {
        String redis = args[0];
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        raw(redis, rate, seconds, warmup);
        veloce(redis, rate, seconds, warmup);
        System.exit(0);
    }

    /** Redis pub/sub alone: Lettuce PUBLISH to a Lettuce subscriber. */
    private static void raw(String redis, int rate, int seconds, int warmup) throws Exception {
        RedisClient client = RedisClient.create(redis);
        StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
        Recorder recorder = new Recorder();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                recorder.accept(Long.parseLong(message));
            }
        });
        subscriber.sync().subscribe("bench:raw");
        var publisher = client.connect().async();
        run("raw", recorder, rate, seconds, warmup, now -> publisher.publish("bench:raw", Long.toString(now)));
        subscriber.close();
        client.shutdown();
    }

    /** Two Veloce nodes on Redis: publish on A, receive through a WebSocket of B. */
    private static void veloce(String redis, int rate, int seconds, int warmup) throws Exception {
        Veloce nodeA = new Veloce().broadcastEngine(RedisBroadcastEngine.create(redis));
        Veloce nodeB = new Veloce().broadcastEngine(RedisBroadcastEngine.create(redis));
        CountDownLatch joined = new CountDownLatch(1);
        Broadcaster bBroadcaster = nodeB.broadcaster();
        nodeB.websocket("/ws", s -> s.pingInterval(Duration.ZERO), ws -> {
            ws.accept();
            bBroadcaster.join("latency", ws);
            joined.countDown();
            ws.receive();
        });
        Recorder recorder = new Recorder();
        try (Server a = nodeA.start(ServerConfig.defaults().port(0));
                Server b = nodeB.start(ServerConfig.defaults().port(0))) {
            HttpClient http = HttpClient.newHttpClient();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + b.port() + "/ws"),
                    new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            text.append(data); // a message may arrive in parts, split where TCP split it
                            if (last) {
                                recorder.accept(Long.parseLong(text.toString()));
                                text.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            if (!joined.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the member did not join");
            }
            Broadcaster aBroadcaster = nodeA.broadcaster();
            run("veloce", recorder, rate, seconds, warmup, now -> aBroadcaster.publish("latency", Long.toString(now)));
            ws.abort();
            http.shutdownNow();
        }
    }

    /** Publishes at {@code rate} for warm-up plus {@code seconds}, recording only after the warm-up. */
    private static void run(String name, Recorder recorder, int rate, int seconds, int warmup, LongConsumer publish)
            throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicLong sent = new AtomicLong();
        long periodNanos = 1_000_000_000L / rate;
        timer.scheduleAtFixedRate(() -> {
            publish.accept(System.nanoTime());
            if (recorder.recording) {
                sent.incrementAndGet();
            }
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        Thread.sleep(warmup * 1000L);
        recorder.start();
        Thread.sleep(seconds * 1000L);
        recorder.recording = false;
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        Thread.sleep(500); // the last messages in flight
        LatencyHistogram h = recorder.histogram;
        System.out.printf("%s sent %d received %d p50 %.1f p99 %.1f p999 %.1f max %.1f%n", name, sent.get(),
                h.count(), h.quantile(0.50) / 1e3, h.quantile(0.99) / 1e3, h.quantile(0.999) / 1e3,
                h.quantile(1.0) / 1e3);
    }

    /** Records receipt latencies while recording; one receiving thread at a time. */
    private static final class Recorder {
        final LatencyHistogram histogram = new LatencyHistogram();
        volatile boolean recording;

        void start() {
            recording = true;
        }

        synchronized void accept(long sentNanos) {
            if (recording) {
                histogram.record(System.nanoTime() - sentNanos);
            }
        }
    }
}

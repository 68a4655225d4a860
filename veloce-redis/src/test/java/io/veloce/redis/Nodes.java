package io.veloce.redis;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.websocket.WebSocketDisconnect;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;

/** The app every test node runs, and waiting for conditions with a bound. */
final class Nodes {

    /** The outbound limit of {@code /feed/{channel}} members: small, so a member that does not read is soon over it. */
    static final int FEED_OUTBOUND_LIMIT = 16 * 1024;

    private Nodes() {
    }

    /** A node's app, its server and how its WebSocket handlers ended ("closed 1008", "returned"). */
    record Node(Veloce app, Server server, BlockingQueue<String> endings) implements AutoCloseable {

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * Starts a node on a free loopback port: a member of {@code /rooms/{room}} or
     * {@code /feed/{room}} (small outbound limit, 2 s send timeout) joins the room, is sent
     * "joined" and stays until the client leaves.
     */
    static Node start(RedisBroadcastEngine engine) {
        BlockingQueue<String> endings = new LinkedBlockingQueue<>();
        Veloce app = app(engine, endings);
        return new Node(app, app.start(ServerConfig.defaults().port(0)), endings);
    }

    /** The node's app, not started; see {@link #start}. */
    static Veloce app(RedisBroadcastEngine engine, BlockingQueue<String> endings) {
        Veloce app = new Veloce();
        app.broadcastEngine(engine);
        app.websocket("/rooms/{room}", ws -> member(app, ws, endings));
        app.websocket("/feed/{room}", s -> s.outboundLimit(FEED_OUTBOUND_LIMIT).sendTimeout(Duration.ofSeconds(2)),
                ws -> member(app, ws, endings));
        return app;
    }

    private static void member(Veloce app, io.veloce.websocket.WebSocket ws, BlockingQueue<String> endings) {
        ws.accept();
        app.broadcaster().join(ws.pathParam("room"), ws);
        ws.sendText("joined");
        try {
            ws.receiveText();
            endings.add("returned");
        } catch (WebSocketDisconnect gone) {
            endings.add("closed " + gone.code());
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} after 30 s. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(10); // polling for a condition, not waiting for an outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

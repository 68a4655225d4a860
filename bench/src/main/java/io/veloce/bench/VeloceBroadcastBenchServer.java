package io.veloce.bench;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.websocket.Broadcaster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The broadcast benchmark on Veloce, written as a user would: members connect to {@code /ws} and
 * join the channel {@code bench}; the load tool drives the publisher over {@code /control} (see
 * {@link BroadcastLoad}) and each message is one {@code broadcaster.publish(channel, bytes)}.
 * Keepalive pings are off, as in the raw baseline, so that the heap per member compares like for
 * like. Args: port (default 8084), I/O threads (default 1).
 */
public final class VeloceBroadcastBenchServer {

    private VeloceBroadcastBenchServer() {
    }

    /**
     * Builds the app, not started.
     *
     * @return a new app with the WebSocket routes {@code /ws} and {@code /control}
     */
    public static Veloce app() {
        Veloce app = new Veloce();
        Broadcaster broadcaster = app.broadcaster();
        app.websocket("/ws", s -> s.pingInterval(Duration.ZERO), ws -> {
            ws.accept();
            broadcaster.join("bench", ws);
            ws.receive(); // members only listen; this returns when they leave
        });
        app.websocket("/control", s -> s.pingInterval(Duration.ZERO), ws -> {
            ws.accept();
            Semaphore window = new Semaphore(0);
            for (String text : ws.iterText()) {
                String[] command = text.split(" ");
                if (command[0].equals("go")) {
                    int messages = Integer.parseInt(command[1]);
                    window = new Semaphore(Integer.parseInt(command[2]));
                    Semaphore permits = window;
                    Thread.ofVirtual().name("publisher").start(() -> publish(broadcaster, messages, permits));
                } else if (command[0].equals("ack")) {
                    window.release();
                }
            }
        });
        return app;
    }

    private static void publish(Broadcaster broadcaster, int messages, Semaphore permits) {
        try {
            for (int i = 0; i < messages; i++) {
                permits.acquire();
                ByteBuffer payload = ByteBuffer.allocate(BroadcastLoad.MESSAGE_SIZE);
                payload.putInt(0, i);
                broadcaster.publish("bench", payload.array());
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Serves on 127.0.0.1 until killed.
     *
     * @param args {@code [port=8084] [ioThreads=1]}
     * @throws InterruptedException when interrupted while waiting for the server to stop
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8084;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Server server = app().start(ServerConfig.defaults().port(port).ioThreads(threads));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("veloce broadcast listening on " + server.port());
        server.awaitClose();
    }
}

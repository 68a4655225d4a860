package io.veloce.bench;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import java.time.Duration;

/**
 * The WebSocket echo endpoints on Veloce, written as a user would: {@code /echo} echoes text
 * messages, {@code /echo-binary} binary ones. A separate app from {@link VeloceBenchServer} so
 * that registering WebSocket routes does not add the per-request upgrade check to the HTTP
 * benchmark. Args: port (default 8082), I/O threads (default 1, like the raw baseline).
 */
public final class VeloceWebSocketBenchServer {

    private VeloceWebSocketBenchServer() {
    }

    /**
     * Builds the echo app. Keepalive pings are off so that the idle-connection measurement sees
     * only what a connection costs at rest, not a timer per connection firing during it.
     *
     * @return the app, not started
     */
    public static Veloce app() {
        Veloce app = new Veloce();
        app.websocket("/echo", s -> s.pingInterval(Duration.ZERO), ws -> {
            ws.accept();
            for (String message : ws.iterText()) {
                ws.sendText(message);
            }
        });
        app.websocket("/echo-binary", s -> s.pingInterval(Duration.ZERO), ws -> {
            ws.accept();
            for (byte[] message : ws.iterBytes()) {
                ws.sendBytes(message);
            }
        });
        return app;
    }

    /**
     * Serves on 127.0.0.1 until killed.
     *
     * @param args port, I/O threads
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8082;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Server server = app().start(ServerConfig.defaults().port(port).ioThreads(threads));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("veloce websocket listening on " + server.port());
        server.awaitClose();
    }
}

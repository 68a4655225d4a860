package io.veloce.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} for tests: a child process on a free loopback port, with no
 * persistence, that can be killed and started again on the same port. Without
 * {@code redis-server} on the PATH the tests fail — they must not pass by skipping on a machine
 * that cannot run them ({@code ./dev test} and CI install it). One server for a whole test class:
 * {@code @RegisterExtension static final RedisServerProcess redis = RedisServerProcess.perTestClass();}
 */
public final class RedisServerProcess implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
    /** Servers still running when the JVM exits (a test that did not close one) are killed, never left behind. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "redis-server-reaper"));
    }

    private final int port;
    private final Path logFile;
    private Process process;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> admin;

    private RedisServerProcess(int port) {
        this.port = port;
        this.logFile = Path.of("target", "redis-server-" + port + ".log").toAbsolutePath();
    }

    /** Starts a server on a free loopback port and returns once it answers PING. */
    public static RedisServerProcess start() {
        RedisServerProcess server = new RedisServerProcess(freePort());
        server.launch();
        return server;
    }

    /** A server started before the test class's first test and killed after its last (register it with {@code @RegisterExtension}). */
    public static RedisServerProcess perTestClass() {
        return new RedisServerProcess(freePort());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        launch();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Returns a loopback port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Returns {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server (SIGKILL: no goodbye to the clients) and waits until it is gone. */
    public void stop() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            if (!running.waitFor(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        RUNNING.remove(running);
        process = null;
    }

    /** Starts the server again on the same port (empty: nothing is persisted) once it answers PING. */
    public void restart() {
        stop();
        launch();
    }

    /** Returns a synchronous connection for checking what the server holds; it reconnects after a restart. */
    public synchronized RedisCommands<String, String> commands() {
        if (admin == null) {
            adminClient = RedisClient.create(uri());
            admin = adminClient.connect();
        }
        return admin.sync();
    }

    /** Returns how many connections are subscribed to the Redis channel {@code channel}. */
    public long subscribers(String channel) {
        return commands().pubsubNumsub(channel).getOrDefault(channel, 0L);
    }

    @Override
    public void close() {
        try {
            synchronized (this) {
                if (adminClient != null) {
                    adminClient.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
                }
            }
        } finally {
            stop();
        }
    }

    private void launch() {
        Path executable = find();
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        }
        RUNNING.add(process);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port
                        + "; its log: " + logFile);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING within 15 s; "
                        + "its log: " + logFile);
            }
            try {
                Thread.sleep(20); // polling for readiness, not waiting for an outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Finds {@code redis-server} on the PATH, or fails saying how to get it. */
    private static Path find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server is not on the PATH (" + path + "): the veloce-redis tests run "
                + "against a real Redis. Install it (Debian/Ubuntu: 'apt-get install redis-server', macOS: "
                + "'brew install redis'); './dev test' and CI install it by themselves when they can.");
    }
}

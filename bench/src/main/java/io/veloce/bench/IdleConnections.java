package io.veloce.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens many idle WebSocket connections to a server and holds them, so that
 * {@code bench/run-websocket.sh} can measure what the server keeps per connection at rest.
 *
 * <p>Args: {@code host port path base count [sources=4] [maxHoldSeconds=600]}. It opens
 * {@code base} connections and prints {@code open BASE failed F}; waits for one line on stdin;
 * opens {@code count} more and prints {@code open TOTAL failed F}; then holds them until stdin
 * ends (or {@code maxHoldSeconds}, so a lost script cannot leave it running), and closes them.
 * The script measures the server between the two steps and after the second: the {@code base}
 * connections take the one-time costs (classes, JIT, buffer pools) out of the difference.
 *
 * <p>At most 256 handshakes are pending at once, below the servers' accept backlog of 1024.
 * Connections are spread over {@code sources} loopback source addresses (127.0.0.1,
 * 127.0.0.2, ...), each with its own ephemeral port range, so that tens of thousands of
 * connections (and the TIME_WAIT sockets of a previous run) do not exhaust the ports.
 */
public final class IdleConnections {

    private static final int MAX_PENDING_HANDSHAKES = 256;

    private IdleConnections() {
    }

    /**
     * Opens, holds and closes the connections as described in the class description.
     *
     * @param args see the class description
     * @throws Exception when stdin or the event loop fail
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: IdleConnections host port path base count [sources] [maxHoldSeconds]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int base = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        int sources = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        long maxHoldSeconds = args.length > 6 ? Long.parseLong(args[6]) : 600;

        EventLoopGroup group = RawNettyServer.group(1);
        List<Channel> open = new ArrayList<>(base + count);
        AtomicInteger failed = new AtomicInteger();
        try {
            URI uri = URI.create("ws://" + host + ":" + port + path);
            Semaphore pending = new Semaphore(MAX_PENDING_HANDSHAKES);
            Bootstrap bootstrap = WebSocketClients.bootstrap(group, uri, () -> new HandshakeTracker(pending, failed));
            InetSocketAddress remote = new InetSocketAddress(host, port);
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

            openConnections(bootstrap, remote, sources, 0, base, pending, open);
            System.out.println("open " + (open.size() - failed.get()) + " failed " + failed.get());
            if (stdin.readLine() == null) {
                return;
            }
            openConnections(bootstrap, remote, sources, base, count, pending, open);
            System.out.println("open " + (open.size() - failed.get()) + " failed " + failed.get());

            // Hold until the script closes our stdin, on a daemon thread so the hold is bounded.
            CompletableFuture<Void> stdinClosed = CompletableFuture.runAsync(() -> {
                try {
                    while (stdin.readLine() != null) {
                        // keep holding
                    }
                } catch (Exception e) {
                    // a broken stdin also ends the hold
                }
            }, runnable -> Thread.ofPlatform().daemon().start(runnable));
            try {
                stdinClosed.get(maxHoldSeconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println("held " + maxHoldSeconds + " s without being told to stop; closing");
            }
        } finally {
            for (Channel channel : open) {
                channel.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** Opens {@code n} connections, numbered from {@code first}, and waits for all their handshakes. */
    private static void openConnections(Bootstrap bootstrap, InetSocketAddress remote, int sources, int first,
            int n, Semaphore pending, List<Channel> open) throws InterruptedException {
        for (int i = first; i < first + n; i++) {
            pending.acquire();
            Channel channel;
            if (sources <= 1) {
                channel = bootstrap.connect(remote).channel();
            } else {
                // 127.0.0.1 .. 127.0.0.<sources>, port chosen by the kernel
                InetSocketAddress local = new InetSocketAddress("127.0.0." + (1 + i % sources), 0);
                channel = bootstrap.connect(remote, local).channel();
            }
            open.add(channel);
        }
        // every permit comes back when its handshake completes or fails
        pending.acquire(MAX_PENDING_HANDSHAKES);
        pending.release(MAX_PENDING_HANDSHAKES);
    }
}

package io.veloce.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop WebSocket load generator on Netty's client pieces: every connection keeps a
 * fixed number of messages outstanding and sends a new one each time an echo comes back, on one
 * event-loop thread (pinned to its own core by {@code bench/run-websocket.sh}).
 *
 * <p>Args: {@code host port path connections inFlightPerConnection durationSeconds messageSize
 * [warmupSeconds=3] [text|binary]}. Prints one line on stdout,
 * {@code messages_per_second p50_us p99_us}, counting only messages echoed after the warm-up.
 * On stderr it reports CPU use over the measured window as
 * {@code cpu_percent loadgen L server S other O}: the generator's own (near 100 % means the
 * generator, not the server, may be the limit), the server's when {@code -Dload.serverPid=PID}
 * is given, and everything else on the machine (a shared machine's noise).
 *
 * <p>Latency is from the write of a message to the read of its echo, taken with
 * {@link System#nanoTime()}; the send times live in a ring per connection, since both servers
 * echo one connection's messages in order. {@code -Dload.threads=N} runs N event loops instead
 * of one (connections spread round-robin).
 */
public final class WebSocketLoad {

    private WebSocketLoad() {
    }

    /**
     * Runs the load and prints the result.
     *
     * @param args see the class description
     * @throws Exception when the connections cannot be set up
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: WebSocketLoad host port path connections inFlightPerConnection "
                    + "durationSeconds messageSize [warmupSeconds] [text|binary]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int connections = Integer.parseInt(args[3]);
        int inFlight = Integer.parseInt(args[4]);
        long durationNanos = TimeUnit.SECONDS.toNanos(Integer.parseInt(args[5]));
        int messageSize = Integer.parseInt(args[6]);
        long warmupNanos = TimeUnit.SECONDS.toNanos(args.length > 7 ? Integer.parseInt(args[7]) : 3);
        boolean binary = args.length > 8 && args[8].equals("binary");
        int threads = Integer.getInteger("load.threads", 1);
        String serverPid = System.getProperty("load.serverPid");

        byte[] payload = new byte[messageSize];
        Arrays.fill(payload, (byte) 'x');
        EventLoopGroup group = RawNettyServer.group(threads);
        try {
            URI uri = URI.create("ws://" + host + ":" + port + path);
            CountDownLatch handshakes = new CountDownLatch(connections);
            List<Echoes> handlers = new ArrayList<>(connections);
            var bootstrap = WebSocketClients.bootstrap(group, uri, () -> {
                Echoes echoes = new Echoes(payload, binary, inFlight, handshakes);
                synchronized (handlers) {
                    handlers.add(echoes);
                }
                return echoes;
            });
            List<ChannelFuture> connects = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                connects.add(bootstrap.connect(host, port));
            }
            for (ChannelFuture connect : connects) {
                connect.sync();
            }
            if (!handshakes.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("WebSocket handshakes did not complete in 30 s");
            }

            // The window is fixed before any message is sent, so each event loop decides alone,
            // per echo, whether it counts: no reset has to reach the loops mid-run.
            long start = System.nanoTime();
            long measureFrom = start + warmupNanos;
            long measureUntil = measureFrom + durationNanos;
            for (Echoes echoes : handlers) {
                echoes.channel.eventLoop().execute(() -> echoes.start(measureFrom, measureUntil));
            }
            sleepUntil(measureFrom);
            CpuSample cpuFrom = CpuSample.take(serverPid);
            sleepUntil(measureUntil);
            CpuSample cpuUntil = CpuSample.take(serverPid);
            long elapsed = System.nanoTime() - measureFrom;

            // Let the last echoes come back (none is counted) so that no connection is torn down
            // with frames in flight, then collect on each loop: its fields are only written there.
            LatencyHistogram all = new LatencyHistogram();
            long errors = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (Echoes echoes : handlers) {
                while (System.nanoTime() < deadline
                        && echoes.channel.eventLoop().submit(echoes::outstanding).get() > 0) {
                    Thread.sleep(5);
                }
                echoes.channel.eventLoop().submit(() -> all.add(echoes.histogram)).get();
                errors += echoes.channel.eventLoop().submit(() -> echoes.errors).get();
            }
            for (Echoes echoes : handlers) {
                echoes.channel.writeAndFlush(new CloseWebSocketFrame());
            }
            for (Echoes echoes : handlers) {
                if (!echoes.channel.closeFuture().await(2, TimeUnit.SECONDS)) {
                    echoes.channel.close();
                }
            }

            double seconds = elapsed / 1e9;
            System.out.printf("%.0f %.1f %.1f%n", all.count() / seconds,
                    all.quantile(0.50) / 1e3, all.quantile(0.99) / 1e3);
            System.err.println(cpuUntil.since(cpuFrom, seconds));
            if (errors > 0) {
                System.err.println("errors " + errors + " (unexpected or corrupted echoes)");
                System.exit(1);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /**
     * CPU use read from {@code /proc} at one instant, in clock ticks: this process (event loop,
     * GC, JIT: all of it runs on the generator's core), the server process, and the whole
     * machine. The machine's busy time minus both tells how much else ran during the window, which
     * on a shared machine decides whether a round can be trusted.
     */
    private record CpuSample(long self, long server, long machineBusy) {

        private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux we run on

        static CpuSample take(String serverPid) {
            return new CpuSample(processTicks("self"), serverPid == null ? 0 : processTicks(serverPid), busyTicks());
        }

        /** Returns {@code cpu_percent loadgen L server S other O}, each in % of one core. */
        String since(CpuSample from, double seconds) {
            double scale = 100 / TICKS_PER_SECOND / seconds;
            long self = this.self - from.self;
            long server = this.server - from.server;
            long other = Math.max(0, (machineBusy - from.machineBusy) - self - server);
            return String.format("cpu_percent loadgen %.0f server %.0f other %.0f", self * scale, server * scale,
                    other * scale);
        }

        /** utime + stime of a process, from {@code /proc/PID/stat}; 0 when unreadable. */
        private static long processTicks(String pid) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                // the command name (field 2) may hold spaces; the fields after its ')' are fixed
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15
            } catch (Exception e) {
                return 0;
            }
        }

        /** Non-idle ticks of all CPUs together, from the first line of {@code /proc/stat}. */
        private static long busyTicks() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < fields.length && i <= 8; i++) { // user .. steal; guest is in user
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(fields[i]);
                    }
                }
                return busy;
            } catch (Exception e) {
                return 0;
            }
        }
    }

    /** One connection's closed loop; every method runs on the connection's event loop. */
    private static final class Echoes extends ChannelInboundHandlerAdapter {

        private final byte[] payload;
        private final ByteBuf expected;
        private final boolean binary;
        private final long[] sentAt;
        private final CountDownLatch handshakes;
        private final LatencyHistogram histogram = new LatencyHistogram();
        private Channel channel;
        private long head; // echoes received
        private long tail; // messages sent
        private long measureFrom;
        private long measureUntil;
        private boolean running;
        private boolean wrote;
        private long errors;

        Echoes(byte[] payload, boolean binary, int inFlight, CountDownLatch handshakes) {
            this.payload = payload;
            this.expected = Unpooled.wrappedBuffer(payload);
            this.binary = binary;
            this.sentAt = new long[inFlight];
            this.handshakes = handshakes;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshakes.countDown();
            }
            ctx.fireUserEventTriggered(event);
        }

        /** Sends the first {@code inFlight} messages; echoes count between {@code from} and {@code until}. */
        void start(long from, long until) {
            measureFrom = from;
            measureUntil = until;
            running = true;
            long now = System.nanoTime();
            for (int i = 0; i < sentAt.length; i++) {
                send(now);
            }
            channel.flush();
        }

        /** Returns how many messages are sent and not yet echoed. */
        long outstanding() {
            return tail - head;
        }

        private void send(long now) {
            sentAt[(int) (tail++ % sentAt.length)] = now;
            // the encoder masks into a new buffer and never writes to this wrapper's bytes
            ByteBuf content = Unpooled.wrappedBuffer(payload);
            WebSocketFrame frame = binary ? new BinaryWebSocketFrame(content) : new TextWebSocketFrame(content);
            channel.write(frame, channel.voidPromise());
            wrote = true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!(msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)) {
                    return; // pongs and closes are the protocol handler's
                }
                ByteBuf content = ((WebSocketFrame) msg).content();
                if (head == tail || !ByteBufUtil.equals(content, expected)) {
                    errors++;
                    return;
                }
                long now = System.nanoTime();
                long latency = now - sentAt[(int) (head++ % sentAt.length)];
                if (now >= measureFrom && now < measureUntil) {
                    histogram.record(latency);
                }
                if (running && now < measureUntil) {
                    send(now);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // one flush per read batch, as the raw server does, so syscalls do not dominate
            if (wrote) {
                wrote = false;
                ctx.flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.err.println("connection failed: " + cause);
            ctx.close();
        }
    }
}

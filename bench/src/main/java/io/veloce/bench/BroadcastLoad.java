package io.veloce.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures broadcast throughput: opens {@code members} WebSocket connections to a server's
 * {@code /ws}, then asks it over {@code /control} to publish {@code messages} 64-byte messages,
 * at most {@code window} ahead of the slowest member: the tool sends {@code ack i} once every
 * member has message {@code i}, and the server publishes message {@code i + window} only then.
 * That keeps every member's queue short (no drops, no slow-member closes) while the pipe stays
 * full. Prints {@code deliveries D seconds S rate R cpu C} for each of {@code rounds} runs after
 * one warm-up run; {@code cpu} is this tool's CPU use, to see whether it, not the server, was
 * the bottleneck. All its connections run on one event loop, so the counters need no locks.
 *
 * <p>Args: {@code host port members messages window [rounds=3] [sources=4]}.
 */
public final class BroadcastLoad {

    /** The size of every benchmark message: a 4-byte sequence number and padding. */
    static final int MESSAGE_SIZE = 64;
    private static final int MAX_PENDING_HANDSHAKES = 256;

    private BroadcastLoad() {
    }

    /** Writes message {@code sequence}: its number, then zeros up to {@link #MESSAGE_SIZE}. */
    static void fill(ByteBuf payload, int sequence) {
        payload.writeInt(sequence);
        payload.writeZero(MESSAGE_SIZE - 4);
    }

    /**
     * Runs the measurement described in the class description.
     *
     * @param args {@code host port members messages window [rounds=3] [sources=4]}: the server,
     *     how many member connections, messages per round, how many messages may be unacknowledged,
     *     measured rounds after the warm-up, and how many local addresses ({@code 127.0.0.1} onwards)
     *     the members connect from
     * @throws Exception when a connection or handshake fails, a round does not finish within 300
     *     seconds, or the thread is interrupted
     */
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int members = Integer.parseInt(args[2]);
        int messages = Integer.parseInt(args[3]);
        int window = Integer.parseInt(args[4]);
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        int sources = args.length > 6 ? Integer.parseInt(args[6]) : 4;

        EventLoopGroup group = RawNettyServer.group(1);
        Counter counter = new Counter(members);
        try {
            Semaphore pending = new Semaphore(MAX_PENDING_HANDSHAKES);
            AtomicInteger failed = new AtomicInteger();
            Bootstrap memberBootstrap = WebSocketClients.bootstrap(group, URI.create("ws://" + host + ":" + port + "/ws"),
                    () -> new Member(counter, pending, failed));
            List<Channel> open = new ArrayList<>(members);
            InetSocketAddress remote = new InetSocketAddress(host, port);
            for (int i = 0; i < members; i++) {
                pending.acquire();
                InetSocketAddress local = new InetSocketAddress("127.0.0." + (1 + i % sources), 0);
                open.add(memberBootstrap.connect(remote, local).channel());
            }
            pending.acquire(MAX_PENDING_HANDSHAKES);
            pending.release(MAX_PENDING_HANDSHAKES);
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " member handshakes failed");
            }
            CountDownLatch controlReady = new CountDownLatch(1);
            Channel control = WebSocketClients.bootstrap(group, URI.create("ws://" + host + ":" + port + "/control"),
                    () -> new Control(controlReady)).connect(remote).sync().channel();
            if (!controlReady.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("control handshake did not complete");
            }
            counter.control = control;
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int round = 0; round <= rounds; round++) {
                int n = round == 0 ? Math.max(window * 4, messages / 10) : messages;
                CountDownLatch done = counter.reset(n);
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                control.writeAndFlush(new TextWebSocketFrame("go " + n + " " + window));
                if (!done.await(300, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("round " + round + " did not finish: " + counter.acked + " of " + n);
                }
                long elapsed = System.nanoTime() - t0;
                double cpu = 100.0 * (os.getProcessCpuTime() - cpu0) / elapsed;
                long deliveries = (long) n * members;
                if (round > 0) {
                    System.out.printf("deliveries %d seconds %.3f rate %.0f cpu %.0f%n", deliveries, elapsed / 1e9,
                            deliveries / (elapsed / 1e9), cpu);
                }
            }
            control.close().sync();
            for (Channel channel : open) {
                channel.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Per-message receipt counts, touched only by the one event loop. */
    private static final class Counter {

        private final int members;
        private int[] received = new int[0];
        private int expected;
        private int acked;
        private CountDownLatch done;
        private Channel control;

        Counter(int members) {
            this.members = members;
        }

        CountDownLatch reset(int messages) {
            CountDownLatch latch = new CountDownLatch(1);
            control.eventLoop().submit(() -> {
                received = new int[messages];
                expected = messages;
                acked = 0;
                done = latch;
            }).syncUninterruptibly();
            return latch;
        }

        void received(int sequence) {
            if (sequence >= expected) {
                return;
            }
            if (++received[sequence] == members) {
                acked++;
                control.writeAndFlush(new TextWebSocketFrame("ack " + sequence));
                if (acked == expected) {
                    done.countDown();
                }
            }
        }
    }

    /** A member: counts each message; the handshake permit is its base class's business. */
    private static final class Member extends HandshakeTracker {

        private final Counter counter;

        Member(Counter counter, Semaphore pending, AtomicInteger failed) {
            super(pending, failed);
            this.counter = counter;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof BinaryWebSocketFrame frame) {
                    counter.received(frame.content().getInt(frame.content().readerIndex()));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** The control connection: signals when its handshake is done, ignores what it receives. */
    private static final class Control extends ChannelInboundHandlerAdapter {

        private final CountDownLatch ready;

        Control(CountDownLatch ready) {
            this.ready = ready;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                ready.countDown();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}

package io.veloce.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.Semaphore;

/**
 * The broadcast baseline: what a Netty programmer writes to send one message to many WebSockets.
 * Members connect to {@code /ws} and join a {@link ChannelGroup}; the load tool drives the
 * publisher over {@code /control} (see {@link BroadcastLoad}), and each message is one
 * {@link BinaryWebSocketFrame} given to {@code group.writeAndFlush}, which writes a retained
 * duplicate of the same buffer to every member; each connection's Netty encoder frames it. Args: port (default 8085), I/O threads (default 1).
 */
public final class RawNettyBroadcastServer {

    private RawNettyBroadcastServer() {
    }

    /**
     * Serves until killed.
     *
     * @param args {@code [port=8085] [ioThreads=1]}
     * @throws Exception when the port cannot be bound, or the thread is interrupted while waiting
     *     for the server channel to close
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8085;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        EventLoopGroup group = RawNettyServer.group(threads);
        ChannelGroup members = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).build();
        Channel server = RawNettyServer.bind(group, port, pipeline -> pipeline.addLast(
                // as in Veloce's WebSocket pipeline: a flush per message becomes a flush per
                // event-loop turn, so both servers write the same way and only the rest differs
                new FlushConsolidationHandler(256, true),
                new HttpServerCodec(),
                new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler(config),
                new Connection(members)));
        System.out.println("raw netty broadcast listening on " + port);
        server.closeFuture().sync();
    }

    /** Members join the group on their handshake; the control connection runs a publisher. */
    private static final class Connection extends ChannelInboundHandlerAdapter {

        private final ChannelGroup members;
        /** No permits until a "go" sets the window: an early "ack" must not fail. */
        private Semaphore window = new Semaphore(0);

        Connection(ChannelGroup members) {
            this.members = members;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake
                    && handshake.requestUri().startsWith("/ws")) {
                members.add(ctx.channel()); // removed by the group when the channel closes
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    String[] command = text.text().split(" ");
                    if (command[0].equals("go")) {
                        int messages = Integer.parseInt(command[1]);
                        window = new Semaphore(Integer.parseInt(command[2]));
                        Semaphore permits = window;
                        Thread.ofPlatform().name("publisher").start(() -> publish(ctx, messages, permits));
                    } else if (command[0].equals("ack")) {
                        window.release();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void publish(ChannelHandlerContext ctx, int messages, Semaphore permits) {
            try {
                for (int i = 0; i < messages; i++) {
                    permits.acquire();
                    ByteBuf payload = ctx.alloc().buffer(BroadcastLoad.MESSAGE_SIZE);
                    BroadcastLoad.fill(payload, i);
                    members.writeAndFlush(new BinaryWebSocketFrame(payload));
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

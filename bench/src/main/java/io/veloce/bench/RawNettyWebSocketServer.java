package io.veloce.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * The WebSocket baseline: an echo server written directly on Netty with its stock pieces
 * ({@link HttpServerCodec}, {@link HttpObjectAggregator}, {@link WebSocketServerProtocolHandler}
 * with its defaults: masked frames required, UTF-8 validated, pings answered, closes handled),
 * the way a tuned Netty app would: epoll, the echo written on the event loop, one flush per read
 * batch. Every data frame on {@code /echo} is written back as it came (text as text, binary as
 * binary). Args: port (default 8083), I/O threads (default 1).
 */
public final class RawNettyWebSocketServer {

    private RawNettyWebSocketServer() {
    }

    /**
     * Binds the echo server on 127.0.0.1 and returns its listening channel.
     *
     * @param group the event loop group (see {@link RawNettyServer#group(int)})
     * @param port 0 for an ephemeral port
     * @return the bound server channel
     * @throws InterruptedException when interrupted while binding
     */
    public static Channel start(EventLoopGroup group, int port) throws InterruptedException {
        return RawNettyServer.bind(group, port, pipeline -> pipeline.addLast(
                new HttpServerCodec(),
                new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler("/echo"),
                Echo.INSTANCE));
    }

    /**
     * Serves until killed.
     *
     * @param args port, I/O threads
     * @throws Exception when the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8083;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        EventLoopGroup group = RawNettyServer.group(threads);
        Channel channel = start(group, port);
        System.out.println("raw netty websocket listening on " + port);
        channel.closeFuture().sync();
    }

    /**
     * Writes each data frame back and flushes once per read batch. Stateless, so one instance
     * serves every connection (no per-connection handler object in the idle-memory figure).
     */
    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {

        static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame frame) {
                // Only data frames get here (the protocol handler consumes ping, pong and close);
                // writing the received frame hands its buffer to the encoder, which releases it.
                ctx.write(frame, ctx.voidPromise());
            } else {
                // A plain HTTP request that is not a WebSocket handshake on /echo.
                ReferenceCountUtil.release(msg);
                if (msg instanceof FullHttpRequest) {
                    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

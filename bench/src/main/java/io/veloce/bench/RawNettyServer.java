package io.veloce.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The baseline: the same two endpoints written directly on Netty the way a tuned Netty app
 * would (epoll, handler on the event loop, flush once per read batch), with the same headers as
 * Veloce (Content-Type, Content-Length, Date). Args: port, I/O threads.
 */
public final class RawNettyServer {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RawNettyServer() {
    }

    /**
     * Starts the server and returns its channel.
     *
     * @param group the event loop group to run on, for example from {@link #group(int)}
     * @param port 0 for an ephemeral port
     * @return the bound server channel; close it to stop serving
     * @throws InterruptedException when interrupted while binding
     */
    public static Channel start(EventLoopGroup group, int port) throws InterruptedException {
        return bind(group, port, pipeline -> pipeline.addLast(new HttpServerCodec(), new Handler()));
    }

    /**
     * Binds a baseline server on 127.0.0.1 the way every raw-Netty baseline here is set up (epoll
     * when available, backlog 1024, TCP_NODELAY), with {@code handlers} on each connection.
     *
     * @param port 0 for an ephemeral port
     * @return the bound server channel
     * @throws InterruptedException when interrupted while binding
     */
    static Channel bind(EventLoopGroup group, int port, Consumer<ChannelPipeline> handlers)
            throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        handlers.accept(ch.pipeline());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
    }

    /**
     * Creates the event loop group the baseline runs on.
     *
     * @param threads the number of event loop threads
     * @return a new group using epoll when available, NIO otherwise; the caller shuts it down
     */
    public static EventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(threads,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * Serves until killed.
     *
     * @param args {@code [port=8081] [ioThreads=number of cores]}
     * @throws Exception when the port cannot be bound, or the thread is interrupted while waiting
     *     for the server channel to close
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = group(threads);
        Channel channel = start(group, port);
        System.out.println("raw netty listening on " + port);
        channel.closeFuture().sync();
    }

    private static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private long second = -1;
        private String date;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            byte[] body;
            String type;
            HttpResponseStatus status = HttpResponseStatus.OK;
            switch (request.uri()) {
                case "/plaintext" -> {
                    body = HELLO;
                    type = "text/plain; charset=utf-8";
                }
                case "/json" -> {
                    body = MAPPER.writeValueAsBytes(new Message("Hello, World!"));
                    type = "application/json";
                }
                default -> {
                    body = new byte[0];
                    type = "text/plain";
                    status = HttpResponseStatus.NOT_FOUND;
                }
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, type)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.DATE, date());
            if (HttpUtil.isKeepAlive(request)) {
                ctx.write(response, ctx.voidPromise());
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private String date() {
            long now = System.currentTimeMillis() / 1000;
            if (now != second) {
                second = now;
                date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(now).atOffset(ZoneOffset.UTC));
            }
            return date;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

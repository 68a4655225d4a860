package io.veloce.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.veloce.Limits;
import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.websocket.CloseCode;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HTTP/1.1 server: TLS when configured, Netty's codec, aggregator and timeouts in
 * front, the app's {@link Dispatcher} behind, each connection's requests handled in order on a
 * virtual thread.
 */
public final class NettyServer implements Server {

    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);

    private final Dispatcher dispatcher;
    private final ServerConfig config;
    private final EventLoopGroup group;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel listener;
    private final SslContext tls;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private NettyServer(Dispatcher dispatcher, ServerConfig config, SslContext tls) throws InterruptedException {
        this.dispatcher = dispatcher;
        this.config = config;
        this.tls = tls;
        boolean epoll = config.nativeTransport() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        Class<? extends ServerSocketChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Limits limits = dispatcher.limits();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        if (tls != null) {
                            channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
                        }
                        channel.pipeline()
                                // coalesces the flushes of responses written in one event-loop tick
                                // (pipelined requests) into one syscall, without delaying any of them
                                .addLast("flush", new FlushConsolidationHandler(256, true))
                                .addLast("request-timeout", new RequestTimeoutHandler(limits.requestReadTimeout()))
                                .addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(limits.maxRequestLineLength())
                                        .setMaxHeaderSize(limits.maxHeaderSize())))
                                .addLast("aggregator", new HttpObjectAggregator((int) limits.maxBodySize()))
                                .addLast("idle", new IdleStateHandler(0, 0,
                                        limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("requests", new RequestHandler(dispatcher, NettyServer.this));
                    }
                });
        try {
            this.listener = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (Exception | Error e) {
            // no server to close later: stop the event loops here, or they keep the JVM alive
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Loads the TLS certificate and key (when configured), runs the app's startup hooks, then
     * binds and serves.
     *
     * @param dispatcher the app to serve; its startup hooks run here, its shutdown hooks when the
     *     server closes or when binding fails
     * @param config the address, TLS, I/O threads, native transport and shutdown timeout
     * @return the running server, already listening; {@link Server#close()} stops it gracefully
     *     (WebSockets are closed with 1001, and open connections get up to the shutdown timeout
     *     to finish)
     * @throws IllegalStateException when the certificate or key cannot be used, a startup hook
     *     fails or the address cannot be bound
     */
    public static Server start(Dispatcher dispatcher, ServerConfig config) {
        SslContext tls = config.tls() == null ? null : TlsContext.load(config.tls()); // before any hook runs
        try {
            dispatcher.startup();
        } catch (Exception e) {
            throw new IllegalStateException("startup hook failed: " + e.getMessage(), e);
        }
        try {
            NettyServer server = new NettyServer(dispatcher, config, tls);
            log.debug("listening on {}", server.url());
            return server;
        } catch (Exception e) {
            dispatcher.shutdown();
            throw new IllegalStateException("cannot serve on " + config.host() + ":" + config.port() + ": " + e, e);
        }
    }

    /** Whether a graceful close is under way (responses then carry {@code Connection: close}). */
    boolean closing() {
        return closing.get();
    }

    @Override
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public String host() {
        return config.host();
    }

    @Override
    public boolean secure() {
        return tls != null;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        try {
            listener.close().syncUninterruptibly();
            long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
            for (Channel channel : connections) {
                channel.eventLoop().execute(() -> {
                    NettyWebSocket webSocket = channel.attr(NettyWebSocket.KEY).get();
                    if (webSocket != null) {
                        webSocket.closeByServer(CloseCode.GOING_AWAY, "server shutting down");
                    } else {
                        RequestHandler.closeIfIdle(channel);
                    }
                });
            }
            while (!connections.isEmpty() && System.nanoTime() < deadline) {
                connections.newCloseFuture().await(50, TimeUnit.MILLISECONDS);
            }
            connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            dispatcher.shutdown();
            closed.countDown();
        }
    }

    private void awaitQuietly() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void awaitClose() throws InterruptedException {
        closed.await();
    }
}

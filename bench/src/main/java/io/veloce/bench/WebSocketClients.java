package io.veloce.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The Netty WebSocket client pipeline both load tools use: HTTP client codec and aggregator for
 * the handshake, then Netty's {@link WebSocketClientProtocolHandler}, which swaps in the frame
 * codec, masks outgoing frames (servers must reject unmasked ones) and answers pings and closes.
 */
final class WebSocketClients {

    private WebSocketClients() {
    }

    /**
     * Returns a bootstrap whose channels end in a fresh handler from {@code handler}.
     *
     * @param uri {@code ws://host:port/path}
     */
    static Bootstrap bootstrap(EventLoopGroup group, URI uri, Supplier<ChannelHandler> handler) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(65536)
                // The servers validate UTF-8; the client skipping it keeps its cost per message
                // down so that it is not the bottleneck.
                .withUTF8Validator(false)
                .handshakeTimeoutMillis(30_000)
                .build();
        return new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config),
                                handler.get());
                    }
                });
    }
}

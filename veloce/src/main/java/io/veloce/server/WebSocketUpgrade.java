package io.veloce.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.veloce.websocket.WebSocketSettings;

/**
 * Switches one connection from HTTP/1.1 to WebSocket framing once the app accepted the
 * handshake: writes the 101 through the HTTP codec, then replaces the HTTP stages of the
 * pipeline with Netty's RFC 6455 frame codec, its UTF-8 validator and a {@link NettyWebSocket}.
 *
 * <p>Pipeline after the switch (inbound top to bottom):
 * {@code flush → ws-encoder → ws-decoder → ws-utf8 → ws}.
 */
final class WebSocketUpgrade {

    private WebSocketUpgrade() {
    }

    /** Starts the switch on the event loop and returns the transport the handler uses at once. */
    static NettyWebSocket start(Channel channel, FullHttpResponse response, WebSocketSettings settings) {
        NettyWebSocket webSocket = new NettyWebSocket(channel, settings);
        channel.attr(NettyWebSocket.KEY).set(webSocket);
        // Frames the handler sends from now on are queued on the event loop behind this task,
        // so they go out after the 101 and through the WebSocket encoder.
        channel.eventLoop().execute(() -> switchPipeline(channel, response, webSocket, settings));
        return webSocket;
    }

    static FullHttpResponse switchingProtocols() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER, NettyExchange.RESPONSE_HEADERS, NettyExchange.RESPONSE_HEADERS);
    }

    private static void switchPipeline(Channel channel, FullHttpResponse response, NettyWebSocket webSocket,
            WebSocketSettings settings) {
        ChannelPipeline pipeline = channel.pipeline();
        // encoded by the HTTP codec right here, on the event loop, before the codec is removed
        channel.writeAndFlush(response);
        pipeline.remove("aggregator");
        pipeline.remove("idle");
        pipeline.remove("requests");
        pipeline.remove("request-timeout");
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(settings.maxMessageSize())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .closeOnProtocolViolation(false) // NettyWebSocket sends the one Close frame itself
                .withUTF8Validator(false)
                .build();
        pipeline.addBefore("codec", "ws-encoder", new WebSocket08FrameEncoder(false));
        pipeline.addAfter("codec", "ws-decoder", new WebSocket08FrameDecoder(config));
        pipeline.addAfter("ws-decoder", "ws-utf8", new Utf8FrameValidator(false));
        pipeline.addAfter("ws-utf8", "ws", webSocket);
        // Bytes the client sent right behind the handshake flow on to ws-decoder.
        pipeline.remove("codec");
        if (!channel.isActive()) {
            webSocket.dropped();
        }
    }
}

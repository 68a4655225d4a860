package io.veloce.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.veloce.websocket.WebSocketSettings;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * Switches one connection from HTTP/1.1 to WebSocket framing once the app accepted the
 * handshake: writes the 101 through the HTTP codec, then replaces the HTTP stages of the
 * pipeline with Netty's RFC 6455 frame codec, its UTF-8 validator and a {@link NettyWebSocket}.
 *
 * <p>Pipeline after the switch (inbound top to bottom):
 * {@code flush → ws-encoder → [ws-deflate-encoder] → ws-decoder → [ws-deflate-decoder] → ws-utf8 → ws}.
 * The deflate stages are there only when the route enables compression and the client offered
 * permessage-deflate with parameters Netty's handshaker accepts (RFC 7692).
 */
final class WebSocketUpgrade {

    private WebSocketUpgrade() {
    }

    /**
     * Starts the switch on the event loop and returns the transport the handler uses at once.
     *
     * @param offeredExtensions the request's {@code Sec-WebSocket-Extensions}, or {@code null}
     */
    static NettyWebSocket start(Channel channel, FullHttpResponse response, WebSocketSettings settings,
            String offeredExtensions, BooleanSupplier serverClosing) {
        WebSocketServerExtension deflate = settings.compression() ? negotiateDeflate(offeredExtensions, settings)
                : null;
        if (deflate != null) {
            response.headers().set("Sec-WebSocket-Extensions", render(deflate.newReponseData()));
        }
        NettyWebSocket webSocket = new NettyWebSocket(channel, settings, deflate != null);
        // Frames the handler sends from now on are queued on the event loop behind this task,
        // so they go out after the 101 and through the WebSocket encoder.
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                response.release();
                webSocket.dropped(); // the client left while the handler was deciding
                return;
            }
            try {
                switchPipeline(channel, response, webSocket, settings, deflate);
            } catch (RuntimeException failure) {
                LoggerFactory.getLogger(WebSocketUpgrade.class).warn("could not switch to WebSocket", failure);
                webSocket.dropped();
                channel.close();
                return;
            }
            if (serverClosing.getAsBoolean()) {
                // the shutdown sweep may have passed this connection before it was a WebSocket
                webSocket.closeByServer(io.veloce.websocket.CloseCode.GOING_AWAY, "server shutting down");
            }
        });
        return webSocket;
    }

    /** Returns the first permessage-deflate offer Netty's handshaker accepts, or {@code null}. */
    private static WebSocketServerExtension negotiateDeflate(String offered, WebSocketSettings settings) {
        if (offered == null) {
            return null;
        }
        // JDK zlib cannot honour server_max_window_bits; maxAllocation bounds what one message inflates to
        PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(
                6, false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false,
                settings.maxMessageSize());
        try {
            for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offered)) {
                WebSocketServerExtension extension = handshaker.handshakeExtension(data);
                if (extension != null) {
                    return extension;
                }
            }
        } catch (RuntimeException malformedOffer) {
            return null; // an unreadable offer is declined, not an error: the connection works uncompressed
        }
        return null;
    }

    private static String render(WebSocketExtensionData data) {
        StringBuilder header = new StringBuilder(data.name());
        for (Map.Entry<String, String> parameter : data.parameters().entrySet()) {
            header.append("; ").append(parameter.getKey());
            if (parameter.getValue() != null) {
                header.append('=').append(parameter.getValue());
            }
        }
        return header.toString();
    }

    static FullHttpResponse switchingProtocols() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER, NettyExchange.RESPONSE_HEADERS, NettyExchange.RESPONSE_HEADERS);
    }

    private static void switchPipeline(Channel channel, FullHttpResponse response, NettyWebSocket webSocket,
            WebSocketSettings settings, WebSocketServerExtension deflate) {
        ChannelPipeline pipeline = channel.pipeline();
        // encoded by the HTTP codec right here, on the event loop, before the codec is removed
        channel.writeAndFlush(response);
        // the outbound limit: beyond it the channel is not writable and senders wait
        channel.config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(settings.outboundLimit() / 2, settings.outboundLimit()));
        pipeline.remove("aggregator");
        pipeline.remove("idle");
        pipeline.remove("requests");
        pipeline.remove("request-timeout");
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(settings.maxMessageSize())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(deflate != null) // RSV1 marks a compressed message
                .closeOnProtocolViolation(false) // NettyWebSocket sends the one Close frame itself
                .withUTF8Validator(false)
                .build();
        pipeline.addBefore("codec", "ws-encoder", new WebSocket08FrameEncoder(false));
        pipeline.addAfter("codec", "ws-decoder", new WebSocket08FrameDecoder(config));
        String beforeUtf8 = "ws-decoder";
        if (deflate != null) {
            pipeline.addBefore("codec", "ws-deflate-encoder", deflate.newExtensionEncoder());
            pipeline.addAfter("ws-decoder", "ws-deflate-decoder", deflate.newExtensionDecoder());
            beforeUtf8 = "ws-deflate-decoder";
        }
        pipeline.addAfter(beforeUtf8, "ws-utf8", new Utf8FrameValidator(false));
        pipeline.addAfter("ws-utf8", "ws", webSocket);
        channel.attr(NettyWebSocket.KEY).set(webSocket); // from now on, shutdown closes it with 1001
        // Bytes the client sent right behind the handshake flow on to ws-decoder.
        pipeline.remove("codec");
    }
}

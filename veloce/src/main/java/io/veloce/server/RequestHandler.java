package io.veloce.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each decoded request into a {@link NettyExchange} and hands it to the connection's
 * {@link ConnectionWorker}; answers malformed requests itself (they never reach the app).
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    static final AttributeKey<ConnectionWorker> WORKER = AttributeKey.valueOf("veloce.worker");

    private final Dispatcher dispatcher;
    private final NettyServer server;

    RequestHandler(Dispatcher dispatcher, NettyServer server) {
        this.dispatcher = dispatcher;
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.channel().attr(WORKER).set(new ConnectionWorker(ctx.channel(), dispatcher));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        RequestTimeoutHandler timeout = ctx.pipeline().get(RequestTimeoutHandler.class);
        if (timeout != null) {
            timeout.requestComplete();
        }
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                reject(ctx.channel(), HttpResponseStatus.REQUEST_URI_TOO_LONG,
                        "request line is longer than " + dispatcher.limits().maxRequestLineLength() + " bytes");
            } else if (cause instanceof TooLongHttpHeaderException) {
                reject(ctx.channel(), HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "header block is larger than " + dispatcher.limits().maxHeaderSize() + " bytes");
            } else if (cause instanceof TooLongFrameException) {
                reject(ctx.channel(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "request body is larger than " + dispatcher.limits().maxBodySize() + " bytes");
            } else {
                reject(ctx.channel(), HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: "
                        + (cause == null ? "unknown" : cause.getMessage()));
            }
            return;
        }
        ctx.channel().attr(WORKER).get().submit(new NettyExchange(ctx.channel(), request, server));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            closeIfIdle(ctx.channel());
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("connection error: {}", cause.toString());
        } else if (TlsContext.clientFailure(cause)) {
            log.debug("TLS failure from {}: {}", ctx.channel().remoteAddress(), cause.getCause().toString());
        } else {
            log.warn("closing connection after an unexpected error", cause);
        }
        ctx.close();
    }

    /** Closes the connection unless a request is being handled on it. */
    static void closeIfIdle(Channel channel) {
        ConnectionWorker worker = channel.attr(WORKER).get();
        if (worker == null || worker.idle()) {
            channel.close();
        }
    }

    /** The request clock ran out: answer 408 unless the app is already answering, then close. */
    static void timedOut(Channel channel) {
        ConnectionWorker worker = channel.attr(WORKER).get();
        if (worker == null || worker.idle()) {
            reject(channel, HttpResponseStatus.REQUEST_TIMEOUT, "the request was not received in time");
        }
    }

    /** Answers with a JSON error and closes: after a framing error the stream cannot be trusted. */
    static void reject(Channel channel, HttpResponseStatus status, String detail) {
        String json = "{\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, ByteBufUtil.utf8Bytes(json))
                .set(HttpHeaderNames.CONNECTION, "close")
                .set(HttpHeaderNames.DATE, HttpDate.now());
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}

package io.veloce.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handler at the end of a load tool's client connection: releases its handshake permit once,
 * on success or on any failure (timeout, close, failed connect, exception), counting failures,
 * and otherwise drops what it receives. Load tools that read messages extend it.
 */
class HandshakeTracker extends ChannelInboundHandlerAdapter {

    private final Semaphore pending;
    private final AtomicInteger failed;
    private boolean settled;

    HandshakeTracker(Semaphore pending, AtomicInteger failed) {
        this.pending = pending;
        this.failed = failed;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            settle(false);
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            settle(true);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // an idle connection expects nothing; drop it
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        settle(true); // closed before the handshake completed (no effect after it)
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // a failed connect never goes active; its pipeline is only torn down
        settle(true);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!settled) {
            System.err.println("connection failed: " + cause);
        }
        settle(true);
        ctx.close();
    }

    private void settle(boolean failure) {
        if (settled) {
            return;
        }
        settled = true;
        if (failure) {
            failed.incrementAndGet();
        }
        pending.release();
    }
}

package io.veloce.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.veloce.websocket.CloseCode;
import io.veloce.websocket.WebSocketDisconnect;
import io.veloce.websocket.WebSocketMessage;
import io.veloce.websocket.WebSocketSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted WebSocket on a Netty connection: the last stage of the WebSocket pipeline (after
 * Netty's frame decoder and UTF-8 validator) and the {@link WebSocketTransport} the app's
 * handler thread uses.
 *
 * <p>Inbound, on the event loop: fragments are reassembled within {@code maxMessageSize}, pings
 * answered, Close frames answered once, protocol errors from the codec turned into one Close
 * frame with their code. Whole messages wait in a small queue; when it holds more than
 * {@link #PAUSE_READING_AT} bytes the socket is not read until the handler catches up.
 *
 * <p>Outbound, from any thread: each message is one frame, queued and moved into the channel by
 * the event loop in batches (one task and one flush per burst), so two messages never
 * interleave. The outbound limit is the channel's write-buffer high-water mark plus our queue:
 * beyond it {@code send*} blocks up to {@code sendTimeout}. Every frame passes this handler's outbound {@code write} on
 * the event loop, which lets nothing through after the one Close frame.
 */
final class NettyWebSocket extends ChannelDuplexHandler implements WebSocketTransport {

    private static final Logger log = LoggerFactory.getLogger(NettyWebSocket.class);
    static final AttributeKey<NettyWebSocket> KEY = AttributeKey.valueOf("veloce.websocket");

    /** Queued inbound bytes (plus a per-message allowance) above which the socket is not read. */
    static final int PAUSE_READING_AT = 64 * 1024;
    private static final int MESSAGE_OVERHEAD = 64;
    private static final ClosedChannelException AFTER_CLOSE = new ClosedChannelException();

    private final Channel channel;
    private final WebSocketSettings settings;

    // Shared between the event loop and the handler/sender threads, guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<Inbound> inbound = new ArrayDeque<>(4);
    private int inboundBytes;
    private volatile WebSocketDisconnect end;
    /** Senders waiting for the outbound queue to drain; changed under lock, read without. */
    private volatile int waitingSenders;

    // Outbound frames from any thread, moved into the channel by the event loop in batches: a
    // WebSocketFrame, or a ByteBuf holding a whole frame encoded once for a broadcast.
    private final Queue<Object> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    private volatile boolean closeRequested;
    private volatile long lastMessageNanos = System.nanoTime();
    private final boolean tracksIdle;
    /** permessage-deflate was negotiated: broadcasts need this connection's own compressed frame. */
    private final boolean compressed;

    // Broadcast overflow, touched by the fan-out thread and the event loop.
    /** When this connection went over its outbound limit for a broadcast; 0 while it is under. */
    private volatile long behindSince;
    private final AtomicBoolean catchUpCheckScheduled = new AtomicBoolean();
    /** When the last drop warning was logged (0: never), and drops since: one line a minute at most. */
    private volatile long lastDropWarning;
    private final AtomicLong droppedBroadcasts = new AtomicLong();
    /** Run once when the connection ends: the broadcaster takes it out of its channels. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> onEnd = new java.util.concurrent.atomic.AtomicReference<>();
    private static final Runnable ENDED = () -> { };

    // Event loop only.
    private boolean closeWritten;
    private boolean closeReceived;
    private boolean inputDone;
    private byte[] fragments;
    private int fragmentsLength;
    private boolean fragmentsText;
    /** Number of the keepalive ping awaiting an answer; 0 when none is. */
    private long pingOutstanding;
    private long pingsSent;
    private ScheduledFuture<?> keepalive;
    private ScheduledFuture<?> idleCheck;

    /** A whole message: a {@code String} (text, decoded on the event loop) or a {@code byte[]}. */
    private record Inbound(Object payload, int size) {
    }

    NettyWebSocket(Channel channel, WebSocketSettings settings, boolean compressed) {
        this.channel = channel;
        this.settings = settings;
        this.compressed = compressed;
        this.tracksIdle = !settings.idleTimeout().isZero();
    }

    // ---- lifecycle on the event loop -------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long ping = settings.pingInterval().toNanos();
        if (ping > 0) {
            keepalive = ctx.executor().scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.NANOSECONDS);
        }
        long idle = settings.idleTimeout().toNanos();
        if (idle > 0) {
            idleCheck = ctx.executor().schedule(this::checkIdle, idle, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropped();
        ctx.fireChannelInactive();
    }

    /** The TCP connection is gone: whoever waits learns 1006 unless a close came first. */
    void dropped() {
        cancelTimers();
        fragments = null;
        end(new WebSocketDisconnect(CloseCode.ABNORMAL_CLOSURE, "connection dropped"));
        drainOutbound(); // the closed channel releases what is still queued
    }

    private void cancelTimers() {
        if (keepalive != null) {
            keepalive.cancel(false);
        }
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (inputDone || !(msg instanceof WebSocketFrame frame)) {
                return;
            }
            pingOutstanding = 0; // any frame proves the peer alive
            if (frame.rsv() != 0) {
                // the deflate decoder clears RSV1 on what it inflated; anything left is unnegotiated
                fail(CloseCode.PROTOCOL_ERROR, "reserved bits set without a negotiated extension");
                return;
            }
            switch (frame) {
                case TextWebSocketFrame text -> startMessage(true, text);
                case BinaryWebSocketFrame binary -> startMessage(false, binary);
                case ContinuationWebSocketFrame continuation -> continueMessage(continuation);
                case PingWebSocketFrame ping -> {
                    // a peer that pings without reading our pongs must not fill our memory:
                    // RFC 6455 §5.5.3 lets us skip pongs while earlier ones are still queued
                    if (!closeWritten && channel.isWritable()) {
                        channel.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                    }
                }
                case CloseWebSocketFrame close -> peerClosed(close);
                default -> {
                    // unsolicited pongs are allowed by RFC 6455 §5.5.3 and need no answer
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startMessage(boolean text, WebSocketFrame frame) {
        ByteBuf content = frame.content();
        if (content.readableBytes() > settings.maxMessageSize()) {
            fail(CloseCode.MESSAGE_TOO_BIG, tooBig());
            return;
        }
        if (frame.isFinalFragment()) {
            int size = content.readableBytes();
            deliver(text ? content.toString(StandardCharsets.UTF_8) : ByteBufUtil.getBytes(content), size);
            return;
        }
        fragmentsText = text;
        fragments = new byte[Math.max(256, content.readableBytes() * 2)];
        fragmentsLength = 0;
        append(content);
    }

    private void continueMessage(ContinuationWebSocketFrame frame) {
        if (fragments == null) {
            return; // the decoder rejects a continuation outside a message; nothing to add to
        }
        ByteBuf content = frame.content();
        if ((long) fragmentsLength + content.readableBytes() > settings.maxMessageSize()) {
            fail(CloseCode.MESSAGE_TOO_BIG, tooBig());
            return;
        }
        append(content);
        if (frame.isFinalFragment()) {
            byte[] whole = fragmentsLength == fragments.length ? fragments : Arrays.copyOf(fragments, fragmentsLength);
            fragments = null;
            deliver(fragmentsText ? new String(whole, StandardCharsets.UTF_8) : whole, whole.length);
        }
    }

    private void append(ByteBuf content) {
        int length = content.readableBytes();
        if (fragmentsLength + length > fragments.length) {
            int grown = (int) Math.min(settings.maxMessageSize(), Math.max((long) fragments.length * 2,
                    (long) fragmentsLength + length));
            fragments = Arrays.copyOf(fragments, grown);
        }
        content.getBytes(content.readerIndex(), fragments, fragmentsLength, length);
        fragmentsLength += length;
    }

    private String tooBig() {
        return "message is larger than " + settings.maxMessageSize() + " bytes";
    }

    private void deliver(Object payload, int size) {
        if (tracksIdle) {
            lastMessageNanos = System.nanoTime();
        }
        lock.lock();
        try {
            inbound.add(new Inbound(payload, size));
            inboundBytes += size + MESSAGE_OVERHEAD;
            if (inboundBytes > PAUSE_READING_AT) {
                channel.config().setAutoRead(false);
            }
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The peer's Close: answer it once (echoing its code) and close TCP, as the server does first. */
    private void peerClosed(CloseWebSocketFrame close) {
        int code = close.statusCode();
        if (code >= 0 && !CloseCode.isSendable(code)) {
            // Netty's decoder lets codes of 5000 and above through; RFC 6455 §7.4 does not
            fail(CloseCode.PROTOCOL_ERROR, "invalid close code " + code);
            return;
        }
        closeReceived = true;
        inputDone = true;
        String reason = code < 0 ? "" : close.reasonText();
        end(new WebSocketDisconnect(code < 0 ? CloseCode.NO_STATUS_RECEIVED : code, reason));
        if (closeWritten) {
            channel.close();
        } else {
            CloseWebSocketFrame answer = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
            closeOnceFlushed(channel.writeAndFlush(answer));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause == AFTER_CLOSE) {
            return; // a frame another thread sent while our Close went out: dropped on purpose
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            String reason = corrupted.getMessage() == null ? "protocol error" : corrupted.getMessage();
            fail(corrupted.closeStatus().code(), reason);
        } else if (cause instanceof DecompressionException inflating) {
            if (inflating.getCause() instanceof java.util.zip.DataFormatException) {
                fail(CloseCode.INVALID_PAYLOAD, "invalid compressed data");
            } else {
                fail(CloseCode.MESSAGE_TOO_BIG, "message inflates to more than " + settings.maxMessageSize() + " bytes");
            }
        } else if (cause instanceof IOException) {
            log.debug("WebSocket connection error: {}", cause.toString());
            channel.close();
        } else if (TlsContext.clientFailure(cause)) {
            log.debug("WebSocket TLS failure: {}", cause.getCause().toString());
            channel.close(); // nothing more can be read or sent on a broken TLS stream
        } else {
            log.warn("closing WebSocket after an unexpected error", cause);
            fail(CloseCode.INTERNAL_ERROR, "internal error");
        }
    }

    /**
     * Fails the connection (RFC 6455 §7.1.7): stop reading, tell the handler, send one Close with
     * {@code code} unless one was sent already, and close TCP once it is out.
     */
    private void fail(int code, String reason) {
        inputDone = true;
        fragments = null;
        String fitted = CloseCode.fitReason(reason);
        end(new WebSocketDisconnect(code, fitted));
        if (closeWritten) {
            channel.close();
        } else {
            closeOnceFlushed(channel.writeAndFlush(new CloseWebSocketFrame(code, fitted)));
        }
    }

    /**
     * Closes TCP once our last Close frame is out, or after {@code closeTimeout} when a peer that
     * does not read keeps it from going out.
     */
    private void closeOnceFlushed(ChannelFuture written) {
        written.addListener(ChannelFutureListener.CLOSE);
        closeAfterTimeout();
    }

    private void closeAfterTimeout() {
        channel.eventLoop().schedule(() -> {
            if (channel.isActive()) {
                log.debug("WebSocket closing handshake did not finish in time; closing TCP");
                channel.close();
            }
        }, settings.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Sends a keepalive ping unless one is still unanswered, and gives the peer pingTimeout to answer. */
    private void ping() {
        if (closeWritten || !channel.isActive() || pingOutstanding != 0) {
            return;
        }
        long number = ++pingsSent;
        pingOutstanding = number;
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
        channel.eventLoop().schedule(() -> checkPong(number), settings.pingTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void checkPong(long number) {
        if (pingOutstanding != number || closeWritten || !channel.isActive()) {
            return; // answered (or superseded, or closing anyway)
        }
        if (!channel.config().isAutoRead()) {
            // we paused reading: the answer may be waiting unread in the socket, so look again later
            channel.eventLoop().schedule(() -> checkPong(number), settings.pingTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
            return;
        }
        closeByServer(CloseCode.INTERNAL_ERROR, "keepalive ping timed out");
    }

    private void checkIdle() {
        if (closeWritten || !channel.isActive()) {
            return;
        }
        long idle = settings.idleTimeout().toNanos();
        long quiet = System.nanoTime() - lastMessageNanos;
        if (quiet >= idle) {
            closeByServer(CloseCode.GOING_AWAY, "idle timeout");
        } else {
            idleCheck = channel.eventLoop().schedule(this::checkIdle, idle - quiet, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The server ends the connection on its own (shutdown, keepalive, idle): the handler sees
     * {@code code} at once, the peer gets a Close and {@code closeTimeout} to answer it.
     */
    void closeByServer(int code, String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> closeByServer(code, reason));
            return;
        }
        end(new WebSocketDisconnect(code, reason));
        closeRequested = true;
        writeClose(code, reason);
    }

    private void writeClose(int code, String reason) {
        if (closeWritten) {
            return;
        }
        if (closeReceived) {
            closeOnceFlushed(channel.writeAndFlush(new CloseWebSocketFrame(code, reason)));
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
        closeAfterTimeout(); // the peer answers our Close, then we close TCP (peerClosed)
    }

    /** The one gate every outbound frame passes: nothing after the Close frame. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof WebSocketFrame || msg instanceof ByteBuf) { // a ByteBuf here is a pre-encoded broadcast frame
            if (closeWritten) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(AFTER_CLOSE);
                return;
            }
            if (msg instanceof CloseWebSocketFrame) {
                closeWritten = true;
                cancelTimers();
            }
        }
        ctx.write(msg, promise);
    }

    // ---- the handler's side, any thread ----------------------------------------------------

    @Override
    public WebSocketMessage receive() {
        Inbound next;
        lock.lock();
        try {
            while (inbound.isEmpty()) {
                if (end != null) {
                    throw end;
                }
                arrived.awaitUninterruptibly();
            }
            next = inbound.poll();
            inboundBytes -= next.size + MESSAGE_OVERHEAD;
            if (inboundBytes <= PAUSE_READING_AT / 2 && !channel.config().isAutoRead() && end == null) {
                channel.config().setAutoRead(true);
            }
        } finally {
            lock.unlock();
        }
        return next.payload instanceof String text ? new WebSocketMessage.Text(text)
                : new WebSocketMessage.Binary((byte[]) next.payload);
    }

    @Override
    public void sendText(String text) {
        // encoded once, straight into a pooled buffer the frame encoder writes out
        send(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)));
    }

    @Override
    public void sendBinary(ByteBuffer bytes) {
        ByteBuf payload = channel.alloc().buffer(bytes.remaining());
        payload.writeBytes(bytes.duplicate()); // leaves the caller's buffer as it was
        send(new BinaryWebSocketFrame(payload));
    }

    /**
     * Writes {@code frame} unless the connection is over. The outbound limit is the channel's
     * write-buffer high-water mark (set to {@code outboundLimit} on upgrade; Netty counts frames
     * queued from other threads too): while the channel is not writable the sender waits, up to
     * {@code sendTimeout}.
     */
    private void send(WebSocketFrame frame) {
        if (end == null && !closeRequested && writable()) {
            write(frame);
            return;
        }
        lock.lock();
        try {
            long deadline = 0;
            while (true) {
                WebSocketDisconnect over = end;
                if (over == null && closeRequested) {
                    over = new WebSocketDisconnect(CloseCode.NORMAL, "a Close frame was already sent");
                }
                if (over == null && !channel.isActive()) {
                    over = new WebSocketDisconnect(CloseCode.ABNORMAL_CLOSURE, "connection dropped");
                }
                if (over != null) {
                    frame.release();
                    throw over;
                }
                if (writable()) {
                    break;
                }
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + settings.sendTimeout().toNanos();
                } else if (now >= deadline) {
                    frame.release();
                    throw sendTimedOut();
                }
                waitingSenders++;
                try {
                    drained.awaitNanos(deadline - now);
                } finally {
                    waitingSenders--;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            frame.release();
            throw new WebSocketDisconnect(CloseCode.GOING_AWAY, "interrupted while sending");
        } finally {
            lock.unlock();
        }
        write(frame);
    }

    /** Whether another message may be queued: below the limit both in our queue and in Netty's. */
    private boolean writable() {
        return channel.isWritable() && queuedBytes.get() < settings.outboundLimit();
    }

    /** Ends the connection whose peer does not read; called with the lock held. */
    private WebSocketDisconnect sendTimedOut() {
        String reason = "send timed out after " + settings.sendTimeout().toMillis() + " ms: the peer is not reading";
        WebSocketDisconnect timedOut = new WebSocketDisconnect(CloseCode.POLICY_VIOLATION, reason);
        if (end == null) {
            end = timedOut;
            arrived.signalAll();
        }
        runOnEnd();
        log.debug("closing WebSocket: {}", reason);
        channel.close(); // a Close frame would wait behind what the peer does not read
        return timedOut;
    }

    /**
     * Queues {@code frame} for the event loop. Frames sent while a drain is pending go out with
     * it: one event-loop task and one flush for a burst of messages rather than one each.
     */
    private void write(Object frame) {
        if (tracksIdle) {
            lastMessageNanos = System.nanoTime();
        }
        queuedBytes.addAndGet(size(frame));
        outbound.add(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drainOutbound);
        }
    }

    private static int size(Object frame) {
        return frame instanceof WebSocketFrame webSocketFrame ? webSocketFrame.content().readableBytes()
                : ((ByteBuf) frame).readableBytes();
    }

    @Override
    public boolean offer(SharedFrame frame) {
        if (end != null || closeRequested) {
            return false; // on its way out: the broadcaster forgets it when the handler returns
        }
        if (writable()) {
            behindSince = 0;
            write(frame(frame));
            return true;
        }
        switch (settings.broadcastOverflow()) {
            case DROP -> {
                long count = droppedBroadcasts.incrementAndGet();
                long now = System.nanoTime();
                if (lastDropWarning == 0 || now - lastDropWarning >= TimeUnit.MINUTES.toNanos(1)) {
                    // a member flapping around its limit must not flood the log: one line a minute
                    lastDropWarning = now;
                    log.warn("WebSocket {} is over its outbound limit: dropping broadcast messages ({} so far)",
                            channel.remoteAddress(), count);
                }
                return false;
            }
            case CLOSE -> {
                if (pendingBytes() >= 2L * settings.outboundLimit()) {
                    closeSlowMember("twice its outbound limit behind a broadcast");
                    return false;
                }
                if (behindSince == 0) {
                    behindSince = System.nanoTime();
                }
                write(frame(frame));
                scheduleCatchUpCheck(settings.sendTimeout().toNanos());
                return true;
            }
            default -> throw new IllegalStateException("unknown policy " + settings.broadcastOverflow());
        }
    }

    /** This connection's copy: the shared encoded frame, or its own frame to compress. */
    private Object frame(SharedFrame frame) {
        if (compressed) {
            ByteBuf payload = Unpooled.wrappedBuffer(frame.payload());
            return frame.text() ? new TextWebSocketFrame(payload) : new BinaryWebSocketFrame(payload);
        }
        return frame.encoded(channel.alloc()).retainedDuplicate();
    }

    /** Queued here and in the channel: what the peer has yet to read. */
    private long pendingBytes() {
        io.netty.channel.ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return queuedBytes.get() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    private void scheduleCatchUpCheck(long delayNanos) {
        if (catchUpCheckScheduled.compareAndSet(false, true)) {
            channel.eventLoop().schedule(this::checkCaughtUp, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** On the event loop, {@code sendTimeout} after it fell behind: caught up, or closed. */
    private void checkCaughtUp() {
        catchUpCheckScheduled.set(false);
        long since = behindSince;
        if (since == 0 || end != null) {
            return;
        }
        if (writable()) {
            behindSince = 0;
            return;
        }
        long overdue = System.nanoTime() - since - settings.sendTimeout().toNanos();
        if (overdue >= 0) {
            closeSlowMember("over its outbound limit for " + settings.sendTimeout().toMillis() + " ms");
        } else {
            scheduleCatchUpCheck(-overdue);
        }
    }

    /** Ends a member that does not read its broadcasts, like a send that timed out: 1008, TCP closed. */
    private void closeSlowMember(String why) {
        String reason = CloseCode.fitReason("too slow for the broadcast: " + why);
        WebSocketDisconnect slow = new WebSocketDisconnect(CloseCode.POLICY_VIOLATION, reason);
        log.warn("closing WebSocket {} with 1008: {}", channel.remoteAddress(), reason);
        end(slow);
        channel.close(); // a Close frame would wait behind everything the peer does not read
    }

    /** On the event loop: moves queued frames into the channel (through the Close gate) and flushes once. */
    private void drainOutbound() {
        drainScheduled.set(false); // before polling: a frame queued from now on schedules another drain
        Object frame;
        boolean wrote = false;
        while ((frame = outbound.poll()) != null) {
            queuedBytes.addAndGet(-size(frame));
            // no listener per message: failures reach exceptionCaught, writability tracks the queue
            channel.write(frame, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        wakeSenders();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            behindSince = 0; // caught up: a later burst starts its own sendTimeout
            wakeSenders();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void wakeSenders() {
        if (waitingSenders > 0) {
            lock.lock();
            try {
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        runOnEnd(); // closing: no more broadcasts for it
        channel.eventLoop().execute(() -> writeClose(code, reason));
    }

    /** Records how the connection ended, once, and wakes every waiting thread. */
    private void end(WebSocketDisconnect disconnect) {
        lock.lock();
        try {
            if (end == null) {
                end = disconnect;
            }
            arrived.signalAll();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        runOnEnd();
    }

    @Override
    public java.util.OptionalInt endedWith() {
        WebSocketDisconnect ended = end;
        return ended == null || closeRequested ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(ended.code());
    }

    @Override
    public void whenEnded(Runnable action) {
        if (!onEnd.compareAndSet(null, action)) {
            action.run(); // already ended (or a second registration, which the core never makes)
            return;
        }
        if (end != null || closeRequested) {
            runOnEnd();
        }
    }

    private void runOnEnd() {
        Runnable action = onEnd.getAndSet(ENDED);
        if (action != null && action != ENDED) {
            action.run();
        }
    }
}

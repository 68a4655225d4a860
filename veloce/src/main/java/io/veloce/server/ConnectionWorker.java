package io.veloce.server;

import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's requests in arrival order on a virtual thread, so pipelined requests are
 * answered in order and the event loop never runs app code. The thread exists only while there
 * is work. When too many requests wait, the connection stops reading until they are done.
 */
final class ConnectionWorker {

    private static final Logger log = LoggerFactory.getLogger(ConnectionWorker.class);

    private static final int MAX_QUEUED = 16;

    private final Channel channel;
    private final Dispatcher dispatcher;
    private final Queue<NettyExchange> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();

    ConnectionWorker(Channel channel, Dispatcher dispatcher) {
        this.channel = channel;
        this.dispatcher = dispatcher;
    }

    /** Called on the event loop for each decoded request. */
    void submit(NettyExchange exchange) {
        queue.add(exchange);
        if (pending.incrementAndGet() >= MAX_QUEUED) {
            channel.config().setAutoRead(false);
        }
        if (running.compareAndSet(false, true)) {
            StartBatch.start(channel.eventLoop(), this::drain);
        }
    }

    /** Whether no request is waiting or being handled. */
    boolean idle() {
        return pending.get() == 0;
    }

    private void drain() {
        while (true) {
            NettyExchange exchange;
            while ((exchange = queue.poll()) != null) {
                try {
                    dispatcher.dispatch(exchange);
                } catch (Throwable escaped) {
                    // dispatch answers every failure itself; whatever still escapes (an Error from
                    // a cleanup) must not stop this connection's later requests from being served
                    log.error("request handling failed outside the app's error mapping", escaped);
                } finally {
                    exchange.finish();
                    if (pending.decrementAndGet() < MAX_QUEUED / 2 && !channel.config().isAutoRead()
                            && channel.isActive()) {
                        channel.config().setAutoRead(true);
                    }
                }
            }
            running.set(false);
            // A request may have been queued after the poll above but before running was cleared.
            if (queue.isEmpty() || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }
}

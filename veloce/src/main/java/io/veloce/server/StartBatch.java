package io.veloce.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Starts the virtual threads asked for during one event-loop I/O cycle together. Starting each
 * from the event loop as its request is decoded would wake the carrier once per request, and on a
 * busy core the two threads would ping-pong (a context switch and the carrier's idle spin per
 * request). Instead the event loop queues the work and, after its I/O cycle, starts one virtual
 * thread that forks the others from the carrier, where forking wakes nobody.
 */
final class StartBatch {

    private static final ThreadFactory THREADS = Thread.ofVirtual().name("veloce-http-", 0).factory();
    private static final FastThreadLocal<StartBatch> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected StartBatch initialValue() {
            return new StartBatch();
        }
    };

    private List<Runnable> pending = new ArrayList<>();

    private StartBatch() {
    }

    /** Runs {@code work} on a new virtual thread soon; must be called on {@code loop}. */
    static void start(EventLoop loop, Runnable work) {
        StartBatch batch = PER_LOOP.get();
        if (batch.pending.isEmpty()) {
            loop.execute(batch::startAll); // runs after the I/O of the current cycle
        }
        batch.pending.add(work);
    }

    private void startAll() {
        List<Runnable> work = pending;
        pending = new ArrayList<>(Math.max(4, work.size()));
        if (work.size() == 1) {
            THREADS.newThread(work.get(0)).start();
            return;
        }
        THREADS.newThread(() -> {
            for (int i = 1; i < work.size(); i++) {
                THREADS.newThread(work.get(i)).start();
            }
            work.get(0).run();
        }).start();
    }
}

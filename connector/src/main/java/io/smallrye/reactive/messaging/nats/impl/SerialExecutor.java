package io.smallrye.reactive.messaging.nats.impl;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/**
 * Runs tasks one after the other, in submission order, on another executor: one hand-over per burst instead of one
 * per task. Used to move completions off jnats' threads, where thousands arrive per second.
 */
public final class SerialExecutor implements Executor {

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks submitted and not run yet: the submitter that makes it 1 starts the drain. */
    private final AtomicInteger queued = new AtomicInteger();

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (queued.getAndIncrement() == 0) {
            delegate.execute(this::drain);
        }
    }

    private void drain() {
        do {
            try {
                tasks.poll().run();
            } catch (RuntimeException e) {
                NatsLogging.log.taskFailed(e);
            }
        } while (queued.decrementAndGet() != 0);
    }
}

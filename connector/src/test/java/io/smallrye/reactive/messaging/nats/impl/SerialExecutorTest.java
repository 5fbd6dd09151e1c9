package io.smallrye.reactive.messaging.nats.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void runsTasksInOrderAndOneAtATime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        SerialExecutor serial = new SerialExecutor(pool);
        List<Integer> ran = new ArrayList<>(); // not synchronized: tasks must never overlap
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int count = 100_000;
        CountDownLatch done = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int n = i;
            serial.execute(() -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                ran.add(n);
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(0, overlaps.get());
        assertEquals(count, ran.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i, ran.get(i));
        }
    }

    @Test
    void aBurstIsHandedOverOnce() {
        List<Runnable> handedOver = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(handedOver::add);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            serial.execute(() -> ran.add(n));
        }
        assertEquals(1, handedOver.size());
        handedOver.get(0).run();
        assertEquals(List.of(0, 1, 2), ran);
        serial.execute(() -> ran.add(3)); // the burst is over: the next task is handed over anew
        assertEquals(2, handedOver.size());
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        SerialExecutor serial = new SerialExecutor(Runnable::run);
        CountDownLatch after = new CountDownLatch(1);
        serial.execute(() -> {
            throw new IllegalStateException("boom");
        });
        serial.execute(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }
}

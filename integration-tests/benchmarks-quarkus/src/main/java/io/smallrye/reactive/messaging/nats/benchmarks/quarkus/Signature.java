package io.smallrye.reactive.messaging.nats.benchmarks.quarkus;

import java.util.Locale;

/** How the consuming method is written, which decides the thread Quarkus calls it on. */
enum Signature {
    /** {@code void} (or a payload returned): a worker, one message at a time, in order. */
    BLOCKING("a worker"),
    /** The same with {@code @Blocking(ordered = false)}: several workers at once, out of order. */
    UNORDERED("workers, unordered"),
    /** {@code void} taking a {@code List} of a {@code batch=true} channel: a worker, one call per batch. */
    BATCH("a worker, a batch at a time"),
    /** {@code @NonBlocking}, or a {@code CompletionStage} / {@code Uni}: the message's event loop. */
    NON_BLOCKING("the event loop");

    final String thread;

    Signature(String thread) {
        this.thread = thread;
    }

    /** The suffix of the names of this signature's subjects and channels: blocking, unordered, non-blocking. */
    String suffix() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The stream its JetStream consuming channel reads. */
    String stream() {
        return "BENCH_" + name();
    }
}

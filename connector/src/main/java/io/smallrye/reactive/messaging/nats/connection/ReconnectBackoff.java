package io.smallrye.reactive.messaging.nats.connection;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.nats.client.ReconnectDelayHandler;

/**
 * Waits between connection attempts: near zero at first, growing by {@value #STEP_MILLIS} ms an attempt up to
 * {@code reconnect-wait}, each wait drawn at random in the upper half of its bound, and the {@code reconnect-jitter}
 * added once the bound is reached. A restarted server is then used within a few hundred milliseconds of accepting
 * clients, while the clients that return to it spread out instead of arriving together; a long outage costs no more
 * attempts than the fixed wait did.
 */
public final class ReconnectBackoff implements ReconnectDelayHandler {

    private static final long STEP_MILLIS = 50;

    private final long maxMillis;
    private final long jitterMillis;

    public ReconnectBackoff(Duration reconnectWait, Duration reconnectJitter) {
        this.maxMillis = reconnectWait.toMillis();
        this.jitterMillis = reconnectJitter.toMillis();
    }

    /** @param attempts the attempts (rounds through the server list) that failed so far */
    @Override
    public Duration getWaitTime(long attempts) {
        long bound = Math.min(maxMillis, STEP_MILLIS * Math.max(1, attempts));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long wait = bound / 2 + random.nextLong(bound / 2 + 1);
        if (bound == maxMillis && jitterMillis > 0) {
            wait += random.nextLong(jitterMillis + 1);
        }
        return Duration.ofMillis(wait);
    }
}

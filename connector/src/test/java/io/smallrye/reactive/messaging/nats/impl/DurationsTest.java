package io.smallrye.reactive.messaging.nats.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void acceptsShortFormsBareMillisAndIso() {
        assertEquals(Duration.ofMillis(250), Durations.parse("c", "a", "250ms"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("c", "a", "2s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("c", "a", " 5m "));
        assertEquals(Duration.ofHours(1), Durations.parse("c", "a", "1h"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("c", "a", "1500"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("c", "a", "PT2S"));
        assertEquals(Duration.ZERO, Durations.parse("c", "a", "0"));
    }

    @Test
    void rejectsGarbageAndNegativesNamingChannelAndAttribute() {
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("orders", "ack-wait", "soon"));
        assertTrue(garbage.getMessage().contains("`ack-wait`") && garbage.getMessage().contains("'orders'"));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("orders", "ack-wait", "-PT1S"));
        assertTrue(negative.getMessage().contains("negative"));
    }
}

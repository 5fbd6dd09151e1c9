package io.smallrye.reactive.messaging.nats.it.quarkus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Records travel as JSON through Quarkus' own ObjectMapper, over a stream the outgoing channel creates; a batch channel
 * gets them decoded, on a worker.
 */
@QuarkusTest
class QuarkusJetStreamTest {

    @Inject
    Journal journal;

    @Test
    void recordsGoThroughQuarkusJacksonWithoutAnExtraModule() {
        List<Journal.Entry> entries = IntStream.range(0, 10).mapToObj(i -> new Journal.Entry("e-" + i, i)).toList();
        entries.forEach(journal.out()::send);
        await().atMost(Duration.ofSeconds(15)).until(() -> journal.recorded().size() == entries.size());
        assertEquals(entries, journal.recorded());
        await().atMost(Duration.ofSeconds(15)).until(() -> journal.batched().size() == entries.size());
        assertEquals(entries, journal.batched());
        // a void method is blocking on Quarkus: each batch, not each entry, goes to a worker, with its own context
        assertTrue(journal.batchThreads().stream().allMatch(thread -> thread.matches("executor-thread-\\d+")),
                journal.batchThreads().toString());
    }
}

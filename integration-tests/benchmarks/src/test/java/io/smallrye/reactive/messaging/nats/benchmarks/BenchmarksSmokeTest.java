package io.smallrye.reactive.messaging.nats.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tiny run of the whole harness, so that it keeps working; it measures nothing worth reading. */
class BenchmarksSmokeTest {

    @Test
    void everyWorkloadRunsOnBothSides() throws Exception {
        String table = Benchmarks.run(Settings.parse("messages=2000", "requests=100", "js=2000", "backlog=2000",
                "iterations=1", "warmups=0"));
        System.out.println(table);
        assertEquals(12, Table.rows(table).size(), table);
        assertTrue(Table.rows(table).stream().allMatch(Table::measured), table);
    }
}

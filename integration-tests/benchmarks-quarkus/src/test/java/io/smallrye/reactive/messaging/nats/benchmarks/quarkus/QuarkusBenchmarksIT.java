package io.smallrye.reactive.messaging.nats.benchmarks.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.nats.benchmarks.Table;

/**
 * A tiny run of the packaged Quarkus benchmark (target/quarkus-app), started as the README says, so that it keeps
 * working; it measures nothing worth reading.
 */
class QuarkusBenchmarksIT {

    @Test
    void everyWorkloadAndSignatureRunsOnBothSides() throws Exception {
        Path output = Files.createTempFile("quarkus-benchmarks", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process benchmark = new ProcessBuilder(List.of(java, "-Dbenchmark.timeout.minutes=1", "-jar",
                Path.of("target", "quarkus-app", "quarkus-run.jar").toString(),
                "messages=2000", "requests=100", "js=2000", "iterations=1", "warmups=0"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(benchmark.waitFor(5, TimeUnit.MINUTES), "the benchmark did not finish in 5 minutes");
        } finally {
            benchmark.destroyForcibly();
        }
        String log = Files.readString(output);
        assertEquals(0, benchmark.exitValue(), log);
        assertEquals(11, Table.rows(log).size(), log);
        assertTrue(Table.rows(log).stream().allMatch(Table::measured), log);
    }
}

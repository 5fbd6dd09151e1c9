package io.smallrye.reactive.messaging.nats.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Nats;

/**
 * The Dev Services server, a real nats-server process: JetStream on, found by the next application while it runs
 * (shared), forgotten once it stopped, and nothing left behind.
 */
class NatsServerProcessTest {

    @Test
    void aSharedServerIsFoundWhileItRunsAndGoneAfterItStops() throws Exception {
        Path marker = NatsServerProcess.marker("test-" + UUID.randomUUID());
        NatsServerProcess server = new NatsServerProcess(NatsServerProcess.find(Optional.empty()), OptionalInt.empty(),
                marker);
        server.start();
        ProcessHandle process;
        Path store;
        try {
            assertEquals(Optional.of(server.getConnectionInfo()), NatsServerProcess.running(marker));
            try (Connection client = Nats.connect(server.getConnectionInfo())) {
                client.jetStreamManagement().getAccountStatistics(); // fails without JetStream
            }
            String port = String.valueOf(URI.create(server.getConnectionInfo()).getPort());
            process = ProcessHandle.current().children()
                    .filter(p -> arguments(p).contains(port)).findFirst().orElseThrow();
            List<String> arguments = arguments(process);
            store = Path.of(arguments.get(arguments.indexOf("-sd") + 1));
            assertTrue(Files.isDirectory(store), store.toString());
        } finally {
            server.close();
        }
        assertFalse(process.isAlive(), "the server process still runs");
        assertFalse(Files.exists(store), "its store is left behind");
        assertFalse(Files.exists(marker), "the marker is left behind");
        assertEquals(Optional.empty(), NatsServerProcess.running(marker));
    }

    @Test
    void aMarkerOfAServerThatIsGoneIsIgnored() throws Exception {
        Path marker = NatsServerProcess.marker("test-" + UUID.randomUUID());
        Files.writeString(marker, "nats://127.0.0.1:1\n" + Long.MAX_VALUE + "\n");
        try {
            assertEquals(Optional.empty(), NatsServerProcess.running(marker));
        } finally {
            Files.delete(marker);
        }
    }

    @Test
    void aConfiguredExecutableThatIsNotThereFailsTheBuildNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NatsServerProcess.find(Optional.of("/nonexistent/nats-server")));
        assertTrue(e.getMessage().contains("quarkus.nats.devservices.server-path=/nonexistent/nats-server"), e.getMessage());
    }

    private static List<String> arguments(ProcessHandle process) {
        return process.info().arguments().map(List::of).orElse(List.of());
    }
}

package io.smallrye.reactive.messaging.nats.it.quarkus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Another profile: Quarkus stops the application the other tests ran and starts it again in the same JVM, as dev mode
 * does on a change. The first application's connection is gone, and one Dev Services server serves both (reused, or
 * replaced with the old one stopped).
 */
@QuarkusTest
@TestProfile(QuarkusRestartTest.Restarted.class)
class QuarkusRestartTest {

    public static class Restarted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.application.name", "restarted");
        }
    }

    @Test
    void theRestartLeavesNoConnectionAndNoServerBehind() {
        List<ProcessHandle> servers = DevServer.started();
        assertEquals(1, servers.size(), "Dev Services servers: " + servers);
        // One shared connection: the channels have one configuration. A connection of the first application would
        // make two.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> DevServer.connections(servers.get(0)) == 1);
        String first = System.getProperty(QuarkusDevServicesTest.FIRST_SERVER);
        System.out.println("Dev Services server after the restart: pid " + servers.get(0).pid()
                + (first == null ? ""
                        : first.equals(String.valueOf(servers.get(0).pid())) ? " (reused)" : " (replaced " + first + ")"));
    }
}

package io.smallrye.reactive.messaging.nats.it.helidon;

import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.helidon.config.mp.MpConfigSources;
import io.helidon.microprofile.server.Server;
import io.smallrye.reactive.messaging.nats.it.runtime.RuntimeScenario;
import io.smallrye.reactive.messaging.nats.it.runtime.RuntimeScenarioTest;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * The shared runtime scenario on Helidon MP 4: Helidon's own CDI container, config, web server, MicroProfile Health
 * and Reactive Messaging engine (no SmallRye) run the runtime-app jar, found by CDI discovery with the connector jar.
 * <p>
 * Helidon is booted by hand ({@link Server#builder()}) rather than with {@code @HelidonTest}, so that the MicroProfile
 * config carrying the URL of this test's nats-server is registered before the CDI container starts (Helidon's
 * messaging reads it when it wires the channels, during container startup).
 */
class HelidonRuntimeTest extends RuntimeScenarioTest {

    private static NatsServer nats;
    private static Server helidon;
    private static RuntimeScenario scenario;

    @BeforeAll
    static void boot() {
        nats = NatsServer.startPlain();
        Config config = ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create("helidon-runtime-test", Map.of(
                        // above system properties (400) and environment variables (300): this test's server wins
                        "config_ordinal", "1000",
                        "mp.messaging.connector.smallrye-nats.url", nats.url())))
                .addDefaultSources() // system properties, environment, META-INF/microprofile-config.properties
                .addDiscoveredSources()
                .addDiscoveredConverters()
                .build();
        helidon = Server.builder()
                .config(config)
                .host("localhost")
                .port(0) // a free port, read back below
                .build()
                .start();
        scenario = new RuntimeScenario(nats.url(), "http://localhost:" + helidon.port() + "/health/ready");
    }

    @AfterAll
    static void shutDown() throws InterruptedException {
        try {
            if (scenario != null) {
                scenario.close();
            }
        } finally {
            try {
                if (helidon != null) {
                    helidon.stop();
                }
            } finally {
                if (nats != null) {
                    nats.close();
                }
            }
        }
    }

    @Override
    protected RuntimeScenario scenario() {
        return scenario;
    }
}

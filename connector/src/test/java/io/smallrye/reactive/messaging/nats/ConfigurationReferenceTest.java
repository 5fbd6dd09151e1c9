package io.smallrye.reactive.messaging.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * CONFIGURATION.md is the attribute tables the annotation processor generates from the {@code @ConnectorAttribute}
 * declarations, committed so that readers find them; this test fails as soon as the two differ. To refresh it:
 * {@code mvn -pl connector test -Dconfiguration.reference.write=true}.
 */
class ConfigurationReferenceTest {

    private static final Path GENERATED = Path.of("target/classes/META-INF/connector");
    private static final Path COMMITTED = Path.of("CONFIGURATION.md");

    @Test
    void theCommittedReferenceMatchesTheDeclarations() throws Exception {
        String expected = "# smallrye-nats configuration reference\n\n"
                + "Generated from the `@ConnectorAttribute` declarations of `NatsConnector`; do not edit by hand.\n\n"
                + "## Incoming channels (`mp.messaging.incoming.<channel>.*`)\n\n"
                + Files.readString(GENERATED.resolve("smallrye-nats-incoming.md")).strip()
                + "\n\n## Outgoing channels (`mp.messaging.outgoing.<channel>.*`)\n\n"
                + Files.readString(GENERATED.resolve("smallrye-nats-outgoing.md")).strip() + "\n";
        if (Boolean.getBoolean("configuration.reference.write")) {
            Files.writeString(COMMITTED, expected);
        }
        assertEquals(expected, Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "",
                "connector/CONFIGURATION.md is out of date: run mvn -pl connector test -Dconfiguration.reference.write=true");
    }
}

package io.smallrye.reactive.messaging.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * CONFIGURATION.md, and CONFIGURATION.adoc in the AsciiDoc format of Quarkus' messaging guides, are the attribute
 * tables the annotation processor generates from the {@code @ConnectorAttribute} declarations, committed so that
 * readers find them; this test fails as soon as they differ. To refresh them:
 * {@code mvn -pl connector test -Dconfiguration.reference.write=true}.
 */
class ConfigurationReferenceTest {

    private static final Path GENERATED = Path.of("target/classes/META-INF/connector");

    @Test
    void theCommittedMarkdownReferenceMatchesTheDeclarations() throws Exception {
        assertCommitted(Path.of("CONFIGURATION.md"), reference("#", "md"));
    }

    @Test
    void theCommittedAsciiDocReferenceMatchesTheDeclarations() throws Exception {
        assertCommitted(Path.of("CONFIGURATION.adoc"), reference("=", "adoc"));
    }

    /** The generated tables under a title and one section per direction, with the format's heading marker. */
    private static String reference(String heading, String format) throws IOException {
        return heading + " smallrye-nats configuration reference\n\n"
                + "Generated from the `@ConnectorAttribute` declarations of `NatsConnector`; do not edit by hand.\n\n"
                + heading + heading + " Incoming channels (`mp.messaging.incoming.<channel>.*`)\n\n"
                + generated("incoming." + format) + "\n\n"
                + heading + heading + " Outgoing channels (`mp.messaging.outgoing.<channel>.*`)\n\n"
                + generated("outgoing." + format) + "\n";
    }

    private static String generated(String suffix) throws IOException {
        return Files.readString(GENERATED.resolve("smallrye-nats-" + suffix)).strip();
    }

    private static void assertCommitted(Path committed, String expected) throws IOException {
        if (Boolean.getBoolean("configuration.reference.write")) {
            Files.writeString(committed, expected);
        }
        assertEquals(expected, Files.exists(committed) ? Files.readString(committed) : "", "connector/" + committed
                + " is out of date: run mvn -pl connector test -Dconfiguration.reference.write=true");
    }
}

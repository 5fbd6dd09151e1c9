package io.smallrye.reactive.messaging.nats.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.Config;

import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/**
 * Checks the attributes users wrote against the connector's {@code @ConnectorAttribute} declarations. Only what is
 * set on a channel itself can be a mistake of direction; connector-level values apply to the channels of the
 * direction that declares them and are ignored by the other. Unknown attributes are reported with the nearest known
 * one, as a warning or, with {@code fail-on-unknown-attributes}, as a deployment error.
 */
final class ChannelAttributes {

    public enum Direction {
        INCOMING,
        OUTGOING
    }

    /** Attributes that belong to Reactive Messaging itself, not to the connector. */
    private static final Set<String> FRAMEWORK = Set.of("connector", "type", "channel-name", "enabled", "broadcast",
            "merge", "concurrency", "pausable", "initially-paused", "paused", "late-subscription", "buffer-size",
            "buffer-strategy");

    /** A row of a generated attribute table: {@code | *name* _(alias)_ | description | ...}. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| \\*([a-z0-9-]+)\\*");
    private static final Pattern STREAM_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.stream");

    private final String connector;
    private final Map<String, Set<Direction>> declared = new HashMap<>();
    private final AtomicBoolean connectorLevelChecked = new AtomicBoolean();

    /**
     * Reads the declarations from the attribute tables the annotation processor generates into the jar, rather than
     * from the annotations: runtimes such as Open Liberty hide SmallRye's annotation type from applications.
     */
    public ChannelAttributes(String connector) {
        this.connector = connector;
        for (Direction direction : Direction.values()) {
            for (String attribute : generatedTable(connector, direction)) {
                declared.computeIfAbsent(attribute, name -> EnumSet.noneOf(Direction.class)).add(direction);
            }
        }
    }

    private static List<String> generatedTable(String connector, Direction direction) {
        String table = "META-INF/connector/" + connector + "-" + direction.name().toLowerCase(Locale.ROOT) + ".md";
        try (InputStream in = ChannelAttributes.class.getClassLoader().getResourceAsStream(table)) {
            if (in == null) {
                throw new IllegalStateException("the connector jar lacks " + table);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(TABLE_ROW::matcher)
                    .filter(Matcher::find).map(row -> row.group(1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deployment checks of a channel's own attributes (and, once, of the connector-level ones): an attribute of the
     * other direction fails deployment; an unknown one is reported.
     */
    public void check(Config root, Direction direction, String channel, boolean strict) {
        if (connectorLevelChecked.compareAndSet(false, true)) {
            String prefix = "mp.messaging.connector." + connector + ".";
            names(root, prefix).forEach(name -> {
                if (!FRAMEWORK.contains(name) && !declared.containsKey(name)) {
                    unknown(name, "the connector (" + prefix + name + ")", suggestion(name, null), strict);
                }
            });
        }
        channelPrefixes(direction, channel).flatMap(prefix -> names(root, prefix)).distinct().forEach(name -> {
            if (FRAMEWORK.contains(name)) {
                return;
            }
            Set<Direction> directions = declared.get(name);
            if (directions == null) {
                unknown(name, "channel '" + channel + "'", suggestion(name, direction), strict);
            } else if (!directions.contains(direction)) {
                throw NatsExceptions.ex.invalidAttribute(name, channel, "it only applies to "
                        + (direction == Direction.INCOMING ? "outgoing" : "incoming") + " channels");
            }
        });
    }

    /** Whether the attribute is set on the channel itself, rather than inherited from the connector level. */
    public static boolean setOnChannel(Config root, Direction direction, String channel, String attribute) {
        return channelPrefixes(direction, channel)
                .anyMatch(prefix -> root.getConfigValue(prefix + attribute).getRawValue() != null);
    }

    /** The channels of this application that create the stream (auto-create-stream) when it is missing. */
    public static List<String> streamCreators(Config root, String connector, String stream) {
        List<String> creators = new ArrayList<>();
        for (String name : root.getPropertyNames()) {
            Matcher key = STREAM_KEY.matcher(name);
            if (key.matches() && stream.equals(root.getOptionalValue(name, String.class).orElse(null))) {
                String channel = "mp.messaging." + key.group(1) + "." + key.group(2) + ".";
                String connectorKey = "mp.messaging.connector." + connector + ".auto-create-stream";
                boolean autoCreate = root.getOptionalValue(channel + "auto-create-stream", Boolean.class)
                        .or(() -> root.getOptionalValue(connectorKey, Boolean.class)).orElse(false);
                if (autoCreate && connector.equals(root.getOptionalValue(channel + "connector", String.class).orElse(null))) {
                    creators.add(key.group(2));
                }
            }
        }
        return creators;
    }

    /** The channel's own prefix, and that of the channel it copies when SmallRye's {@code concurrency} made it. */
    private static Stream<String> channelPrefixes(Direction direction, String channel) {
        String prefix = "mp.messaging." + (direction == Direction.INCOMING ? "incoming." : "outgoing.");
        int copy = channel.indexOf('$');
        return copy < 0 ? Stream.of(prefix + channel + ".")
                : Stream.of(prefix + channel + ".", prefix + channel.substring(0, copy) + ".");
    }

    private static Stream<String> names(Config root, String prefix) {
        return StreamSupport.stream(root.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(prefix)).map(name -> name.substring(prefix.length()));
    }

    private void unknown(String name, String where, Optional<String> nearest, boolean strict) {
        String suggestion = nearest.map(known -> " (did you mean `" + known + "`?)").orElse("");
        if (strict) {
            throw NatsExceptions.ex.unknownAttribute(name, where, suggestion);
        }
        NatsLogging.log.unknownAttribute(name, where, suggestion);
    }

    /** The known attribute of that direction (any, when null) nearest to a misspelt one, if near enough. */
    private Optional<String> suggestion(String name, Direction direction) {
        return Stream.concat(FRAMEWORK.stream(), declared.entrySet().stream()
                .filter(e -> direction == null || e.getValue().contains(direction)).map(Map.Entry::getKey))
                .map(known -> Map.entry(known, distance(name, known)))
                .filter(e -> e.getValue() <= Math.max(2, name.length() / 3))
                .min(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        Arrays.setAll(previous, i -> i);
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

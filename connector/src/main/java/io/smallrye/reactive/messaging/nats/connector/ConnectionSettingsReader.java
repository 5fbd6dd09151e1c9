package io.smallrye.reactive.messaging.nats.connector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.Authentication;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.KeyStoreFile;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.Reconnection;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.Secret;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.Tls;
import io.smallrye.reactive.messaging.nats.i18n.InvalidAttributeException;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.Durations;
import io.smallrye.reactive.messaging.nats.impl.Redaction;

/** Reads and validates the connection attributes of a channel. */
final class ConnectionSettingsReader {

    private static final Set<String> SCHEMES = Set.of("nats", "tls", "ws", "wss", "opentls");

    private ConnectionSettingsReader() {
    }

    /**
     * @param setOnChannel whether an attribute is set on the channel itself: an invalid connector-level value is
     *        reported as the connector's, not as the mistake of whichever channel read it first
     */
    static ConnectionSettings read(NatsConnectorCommonConfiguration c, Predicate<String> setOnChannel) {
        try {
            return read(c);
        } catch (InvalidAttributeException e) {
            if (setOnChannel.test(e.attribute())) {
                throw e;
            }
            throw NatsExceptions.ex.invalidConnectorAttribute(e.attribute(), c.getChannel(), e);
        }
    }

    private static ConnectionSettings read(NatsConnectorCommonConfiguration c) {
        String channel = c.getChannel();
        List<String> servers = servers(channel, c.getUrl());
        int maxReconnects = c.getMaxReconnects();
        if (maxReconnects < -1) {
            throw NatsExceptions.ex.invalidAttribute("max-reconnects", channel, maxReconnects + " is below -1 (forever)");
        }
        Reconnection reconnection = new Reconnection(maxReconnects,
                Durations.parse(channel, "reconnect-wait", c.getReconnectWait()),
                Durations.parse(channel, "reconnect-jitter", c.getReconnectJitter()), c.getReconnectBufferSize());
        return new ConnectionSettings(servers, c.getConnectionName().orElse(null), authentication(c), reconnection,
                Durations.parse(channel, "connection-timeout", c.getConnectionTimeout()),
                Durations.parse(channel, "ping-interval", c.getPingInterval()), c.getConnectRetry(),
                c.getConnectionCustomizer().orElse(null), Durations.parse(channel, "drain-timeout", c.getDrainTimeout()),
                tls(c, servers));
    }

    private static Authentication authentication(NatsConnectorCommonConfiguration c) {
        String channel = c.getChannel();
        Authentication authentication = new Authentication(c.getUsername().orElse(null), secret(c.getPassword()),
                secret(c.getToken()), secret(c.getNkeySeed()), c.getNkeySeedFile().orElse(null),
                c.getCredsFile().orElse(null));
        long modes = Stream.of(authentication.username(), authentication.token(), authentication.nkeySeed(),
                authentication.nkeySeedFile(), authentication.credsFile()).filter(mode -> mode != null).count();
        if (modes > 1) {
            String attribute = authentication.credsFile() != null ? "creds-file"
                    : authentication.nkeySeedFile() != null ? "nkey-seed-file"
                            : authentication.nkeySeed() != null ? "nkey-seed" : "token";
            throw NatsExceptions.ex.invalidAttribute(attribute, channel,
                    "choose one of username/password, token, nkey-seed, nkey-seed-file and creds-file");
        }
        if (authentication.password() != null && authentication.username() == null) {
            throw NatsExceptions.ex.invalidAttribute("password", channel, "a password needs a `username`");
        }
        return authentication;
    }

    private static Tls tls(NatsConnectorCommonConfiguration c, List<String> servers) {
        KeyStoreFile truststore = c.getTlsTruststorePath()
                .map(path -> new KeyStoreFile(path, secret(c.getTlsTruststorePassword()), c.getTlsTruststoreType()))
                .orElse(null);
        KeyStoreFile keystore = c.getTlsKeystorePath()
                .map(path -> new KeyStoreFile(path, secret(c.getTlsKeystorePassword()), c.getTlsKeystoreType()))
                .orElse(null);
        String configurationName = c.getTlsConfigurationName().orElse(null);
        boolean enabled = c.getTlsEnabled() || truststore != null || keystore != null || configurationName != null
                || servers.stream().anyMatch(s -> s.toLowerCase().startsWith("tls://"));
        return new Tls(enabled, truststore, keystore, c.getTlsHostnameVerification(), configurationName);
    }

    private static Secret secret(Optional<String> value) {
        return value.map(Secret::new).orElse(null);
    }

    private static List<String> servers(String channel, String urls) {
        List<String> list = AttributeValues.list(urls);
        if (list.isEmpty()) {
            throw NatsExceptions.ex.invalidAttribute("url", channel, "no server URL given");
        }
        for (String url : list) {
            try {
                URI uri = new URI(url);
                if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
                    throw new URISyntaxException(url, "expected scheme://host[:port] with scheme nats, tls, ws or wss");
                }
            } catch (URISyntaxException e) {
                throw NatsExceptions.ex.invalidAttribute("url", channel, "'" + Redaction.credentials(url)
                        + "' is not a NATS server URL (expected nats://host:port, tls://, ws:// or wss://)");
            }
        }
        return list;
    }
}

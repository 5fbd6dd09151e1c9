package io.smallrye.reactive.messaging.nats.impl;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.ConfigProvider;

import io.nats.client.Options;
import io.smallrye.reactive.messaging.nats.NatsConnectorCommonConfiguration;
import io.smallrye.reactive.messaging.nats.i18n.InvalidAttributeException;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/**
 * The connection attributes of a channel, validated. Two channels with equal values share one connection; the
 * channel name only serves error messages. {@link #toString()} never shows credentials.
 */
public final class NatsConnectionConfig {

    private static final Set<String> SCHEMES = Set.of("nats", "tls", "ws", "wss", "opentls");

    final String channel;
    final List<String> servers;
    final String connectionName;
    final String username;
    final String password;
    final String token;
    final int maxReconnects;
    final Duration reconnectWait;
    final Duration reconnectJitter;
    final long reconnectBufferSize;
    final Duration connectionTimeout;
    final Duration pingInterval;
    final boolean connectRetry;
    final String customizer;
    final Duration drainTimeout;
    final boolean tls;
    final String truststorePath;
    final String truststorePassword;
    final String truststoreType;
    final String keystorePath;
    final String keystorePassword;
    final String keystoreType;
    final boolean hostnameVerification;
    final String tlsConfigurationName;
    final String nkeySeed;
    final String nkeySeedFile;
    final String credsFile;

    private NatsConnectionConfig(NatsConnectorCommonConfiguration c) {
        channel = c.getChannel();
        servers = parseServers(channel, c.getUrl());
        connectionName = c.getConnectionName().orElse(null);
        username = c.getUsername().orElse(null);
        password = c.getPassword().orElse(null);
        token = c.getToken().orElse(null);
        maxReconnects = c.getMaxReconnects();
        if (maxReconnects < -1) {
            throw NatsExceptions.ex.invalidAttribute("max-reconnects", channel, maxReconnects + " is below -1 (forever)");
        }
        reconnectWait = Durations.parse(channel, "reconnect-wait", c.getReconnectWait());
        reconnectJitter = Durations.parse(channel, "reconnect-jitter", c.getReconnectJitter());
        reconnectBufferSize = c.getReconnectBufferSize();
        connectionTimeout = Durations.parse(channel, "connection-timeout", c.getConnectionTimeout());
        pingInterval = Durations.parse(channel, "ping-interval", c.getPingInterval());
        connectRetry = c.getConnectRetry();
        customizer = c.getConnectionCustomizer().orElse(null);
        drainTimeout = Durations.parse(channel, "drain-timeout", c.getDrainTimeout());
        truststorePath = c.getTlsTruststorePath().orElse(null);
        truststorePassword = c.getTlsTruststorePassword().orElse(null);
        truststoreType = c.getTlsTruststoreType();
        keystorePath = c.getTlsKeystorePath().orElse(null);
        keystorePassword = c.getTlsKeystorePassword().orElse(null);
        keystoreType = c.getTlsKeystoreType();
        hostnameVerification = c.getTlsHostnameVerification();
        tlsConfigurationName = c.getTlsConfigurationName().orElse(null);
        tls = c.getTlsEnabled() || truststorePath != null || keystorePath != null || tlsConfigurationName != null
                || servers.stream().anyMatch(s -> s.toLowerCase().startsWith("tls://"));
        nkeySeed = c.getNkeySeed().orElse(null);
        nkeySeedFile = c.getNkeySeedFile().orElse(null);
        credsFile = c.getCredsFile().orElse(null);
        long authModes = java.util.stream.Stream.of(token, nkeySeed, nkeySeedFile, credsFile).filter(java.util.Objects::nonNull)
                .count() + (username == null ? 0 : 1);
        if (authModes > 1) {
            throw NatsExceptions.ex.invalidAttribute(credsFile != null ? "creds-file" : nkeySeedFile != null ? "nkey-seed-file"
                    : nkeySeed != null ? "nkey-seed" : "token", channel,
                    "choose one of username/password, token, nkey-seed, nkey-seed-file and creds-file");
        }
        if (password != null && username == null) {
            throw NatsExceptions.ex.invalidAttribute("password", channel, "a password needs a `username`");
        }
    }

    /**
     * @param setOnChannel whether an attribute is set on the channel itself: an invalid connector-level value is
     *        reported as the connector's, not as the mistake of whichever channel read it first
     */
    public static NatsConnectionConfig from(NatsConnectorCommonConfiguration configuration, Predicate<String> setOnChannel) {
        try {
            return new NatsConnectionConfig(configuration);
        } catch (InvalidAttributeException e) {
            if (setOnChannel.test(e.attribute())) {
                throw e;
            }
            throw NatsExceptions.ex.invalidConnectorAttribute(e.attribute(), configuration.getChannel(), e);
        }
    }

    private static List<String> parseServers(String channel, String urls) {
        List<String> list = Arrays.stream(urls.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
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
                throw NatsExceptions.ex.invalidAttribute("url", channel,
                        "'" + redact(url) + "' is not a NATS server URL (expected nats://host:port, tls://, ws:// or wss://)");
            }
        }
        return list;
    }

    /** A server URL without the user info, which may hold a password or a token. */
    public static String redact(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at > 0 && scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "***@" + url.substring(at + 1) : url;
    }

    Options.Builder toOptionsBuilder() {
        Options.Builder builder = new Options.Builder()
                .servers(servers.toArray(String[]::new))
                .maxReconnects(maxReconnects)
                .reconnectDelayHandler(reconnectBackoff())
                .reconnectBufferSize(reconnectBufferSize)
                .connectionTimeout(connectionTimeout)
                .pingInterval(pingInterval)
                // Tell a request that nobody listens apart from one that timed out.
                .reportNoResponders()
                .useTimeoutException();
        builder.connectionName(connectionName != null ? connectionName : defaultConnectionName());
        if (username != null) {
            builder.userInfo(username.toCharArray(), password == null ? new char[0] : password.toCharArray());
        }
        if (token != null) {
            builder.token(token.toCharArray());
        }
        return builder;
    }

    /** application@host#pid, so that an operator tells the application apart in the server's /connz. */
    private static String defaultConnectionName() {
        String application = ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class)
                .orElseGet(() -> {
                    String command = System.getProperty("sun.java.command", "java").trim().split("\\s+")[0];
                    return command.substring(command.lastIndexOf('/') + 1);
                });
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return application + "@" + host + "#" + ProcessHandle.current().pid();
    }

    ReconnectBackoff reconnectBackoff() {
        return new ReconnectBackoff(reconnectWait, reconnectJitter);
    }

    String describeServers() {
        return servers.stream().map(NatsConnectionConfig::redact).toList().toString();
    }

    String displayName() {
        return connectionName != null ? connectionName : describeServers();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NatsConnectionConfig that)) {
            return false;
        }
        return maxReconnects == that.maxReconnects && reconnectBufferSize == that.reconnectBufferSize
                && connectRetry == that.connectRetry && servers.equals(that.servers)
                && Objects.equals(connectionName, that.connectionName) && Objects.equals(username, that.username)
                && Objects.equals(password, that.password) && Objects.equals(token, that.token)
                && reconnectWait.equals(that.reconnectWait) && reconnectJitter.equals(that.reconnectJitter)
                && connectionTimeout.equals(that.connectionTimeout) && pingInterval.equals(that.pingInterval)
                && Objects.equals(customizer, that.customizer) && drainTimeout.equals(that.drainTimeout)
                && tls == that.tls && hostnameVerification == that.hostnameVerification
                && Objects.equals(truststorePath, that.truststorePath) && Objects.equals(truststorePassword, that.truststorePassword)
                && Objects.equals(truststoreType, that.truststoreType) && Objects.equals(keystorePath, that.keystorePath)
                && Objects.equals(keystorePassword, that.keystorePassword) && Objects.equals(keystoreType, that.keystoreType)
                && Objects.equals(tlsConfigurationName, that.tlsConfigurationName) && Objects.equals(nkeySeed, that.nkeySeed)
                && Objects.equals(nkeySeedFile, that.nkeySeedFile) && Objects.equals(credsFile, that.credsFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(servers, connectionName, username, password, token, maxReconnects, reconnectWait,
                reconnectJitter, reconnectBufferSize, connectionTimeout, pingInterval, connectRetry, customizer, drainTimeout,
                tls, truststorePath, keystorePath, tlsConfigurationName, nkeySeedFile, credsFile);
    }

    @Override
    public String toString() {
        return "NatsConnectionConfig[servers=" + describeServers() + ", name=" + connectionName + "]";
    }
}

package io.smallrye.reactive.messaging.nats.connection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import io.nats.client.Options;
import io.smallrye.reactive.messaging.nats.impl.Redaction;

/**
 * The connection attributes of a channel, validated. Channels with equal settings share one connection: every
 * attribute that shapes the connection is a component, so equality cannot forget one. Credentials are {@link Secret}s,
 * and the string form shows neither them nor the user info of a URL.
 */
public record ConnectionSettings(List<String> servers, String connectionName, Authentication authentication,
        Reconnection reconnection, Duration connectionTimeout, Duration pingInterval, boolean connectRetry,
        String customizer, Duration drainTimeout, Tls tls) {

    /** At most one mode is set: user/password, token, NKey seed (or its file) or creds file. */
    public record Authentication(String username, Secret password, Secret token, Secret nkeySeed, String nkeySeedFile,
            String credsFile) {
    }

    public record Reconnection(int maxReconnects, Duration maxWait, Duration jitter, long bufferSize) {
    }

    /** @param truststore null: the JVM's default trust; keystore null: no client certificate */
    public record Tls(boolean enabled, KeyStoreFile truststore, KeyStoreFile keystore, boolean hostnameVerification,
            String configurationName) {
    }

    public record KeyStoreFile(String path, Secret password, String type) {
    }

    /** A credential: compared by value, never shown. */
    public record Secret(String value) {
        @Override
        public String toString() {
            return "***";
        }
    }

    Options.Builder toOptionsBuilder() {
        Options.Builder builder = new Options.Builder()
                .servers(servers.toArray(String[]::new))
                .maxReconnects(reconnection.maxReconnects())
                .reconnectDelayHandler(reconnectBackoff())
                .reconnectBufferSize(reconnection.bufferSize())
                .connectionTimeout(connectionTimeout)
                .pingInterval(pingInterval)
                // Tell a request that nobody listens apart from one that timed out.
                .reportNoResponders()
                .useTimeoutException();
        builder.connectionName(connectionName != null ? connectionName : defaultConnectionName());
        if (authentication.username() != null) {
            String password = authentication.password() == null ? "" : authentication.password().value();
            builder.userInfo(authentication.username().toCharArray(), password.toCharArray());
        }
        if (authentication.token() != null) {
            builder.token(authentication.token().value().toCharArray());
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
        return new ReconnectBackoff(reconnection.maxWait(), reconnection.jitter());
    }

    /** TLS that authenticates the server only: a server that asks for a client certificate refuses it. */
    boolean tlsWithoutClientCertificate() {
        return tls.enabled() && tls.keystore() == null && tls.configurationName() == null;
    }

    public String describeServers() {
        return Redaction.credentials(servers.toString());
    }

    public String displayName() {
        return connectionName != null ? connectionName : describeServers();
    }

    @Override
    public String toString() {
        return "ConnectionSettings[servers=" + describeServers() + ", name=" + connectionName + "]";
    }
}

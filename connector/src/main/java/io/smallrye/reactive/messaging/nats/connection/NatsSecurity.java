package io.smallrye.reactive.messaging.nats.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.enterprise.inject.Instance;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.Authentication;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.KeyStoreFile;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.Secret;
import io.smallrye.reactive.messaging.nats.connection.ConnectionSettings.Tls;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/**
 * TLS and the credential-based authentication modes (NKey, creds file) of a connection. Every error names the channel
 * and the attribute; none repeats a password, a seed or a key.
 */
final class NatsSecurity {

    private NatsSecurity() {
    }

    /** @param channel the channel that first uses the connection, named by the errors */
    static void apply(ConnectionSettings settings, String channel, Options.Builder builder, Instance<SSLContext> named) {
        Tls tls = settings.tls();
        if (tls.enabled()) {
            SSLContext context = sslContext(tls, channel, named);
            builder.sslContext(tls.hostnameVerification() ? new HostnameVerifyingSslContext(context) : context);
        }
        Authentication authentication = settings.authentication();
        if (authentication.credsFile() != null) {
            requireFile(channel, "creds-file", authentication.credsFile());
            builder.authHandler(Nats.credentials(authentication.credsFile()));
        }
        if (authentication.nkeySeed() != null || authentication.nkeySeedFile() != null) {
            builder.authHandler(nkeyAuth(authentication, channel));
        }
    }

    private static SSLContext sslContext(Tls tls, String channel, Instance<SSLContext> named) {
        if (tls.configurationName() != null) {
            Instance<SSLContext> selected = named.select(Identifier.Literal.of(tls.configurationName()));
            if (!selected.isResolvable()) {
                throw NatsExceptions.ex.invalidAttribute("tls-configuration-name", channel,
                        "no SSLContext bean with @Identifier(\"" + tls.configurationName() + "\")");
            }
            return selected.get();
        }
        try {
            if (tls.truststore() == null && tls.keystore() == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory trust = null;
            if (tls.truststore() != null) {
                KeyStore store = load(channel, "tls-truststore", tls.truststore());
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (tls.keystore() != null) {
                KeyStore store = load(channel, "tls-keystore", tls.keystore());
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password(tls.keystore().password()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw NatsExceptions.ex.invalidAttribute("tls-keystore-path", channel,
                    "cannot set up TLS: " + e.getClass().getSimpleName());
        }
    }

    private static KeyStore load(String channel, String prefix, KeyStoreFile file) {
        String path = file.path();
        String type = file.type();
        requireFile(channel, prefix + "-path", path);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password(file.password()));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK says "keystore password was incorrect" or names the format; never the password itself.
            throw NatsExceptions.ex.invalidAttribute(prefix + "-path", channel, "cannot read '" + path + "' as " + type
                    + ": " + e.getMessage());
        }
    }

    private static char[] password(Secret password) {
        return password == null ? new char[0] : password.value().toCharArray();
    }

    private static AuthHandler nkeyAuth(Authentication authentication, String channel) {
        String attribute = authentication.nkeySeed() != null ? "nkey-seed" : "nkey-seed-file";
        char[] seed;
        if (authentication.nkeySeed() != null) {
            seed = authentication.nkeySeed().value().trim().toCharArray();
        } else {
            String file = authentication.nkeySeedFile();
            requireFile(channel, attribute, file);
            try {
                seed = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim().toCharArray();
            } catch (IOException e) {
                throw NatsExceptions.ex.invalidAttribute(attribute, channel, "cannot read '" + file + "'");
            }
        }
        NKey key;
        char[] publicKey;
        try {
            key = NKey.fromSeed(seed);
            publicKey = key.getPublicKey();
        } catch (RuntimeException | GeneralSecurityException | IOException e) {
            throw NatsExceptions.ex.invalidAttribute(attribute, channel, "not a valid NKey seed");
        }
        return new AuthHandler() {
            @Override
            public byte[] sign(byte[] nonce) {
                try {
                    return key.sign(nonce);
                } catch (GeneralSecurityException | IOException e) {
                    throw new IllegalStateException("cannot sign the server's nonce with the NKey of channel '"
                            + channel + "'", e);
                }
            }

            @Override
            public char[] getID() {
                return publicKey;
            }

            @Override
            public char[] getJWT() {
                return null;
            }
        };
    }

    private static void requireFile(String channel, String attribute, String path) {
        if (!Files.isReadable(Path.of(path))) {
            throw NatsExceptions.ex.invalidAttribute(attribute, channel, "no readable file at '" + path + "'");
        }
    }
}

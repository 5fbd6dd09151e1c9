package io.smallrye.reactive.messaging.nats.impl;

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
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/**
 * TLS and the credential-based authentication modes (NKey, creds file) of a connection. Every error names the channel
 * and the attribute; none repeats a password, a seed or a key.
 */
final class NatsSecurity {

    private NatsSecurity() {
    }

    static void apply(NatsConnectionConfig config, Options.Builder builder, Instance<SSLContext> named) {
        if (config.tls) {
            SSLContext context = sslContext(config, named);
            builder.sslContext(config.hostnameVerification ? new HostnameVerifyingSslContext(context) : context);
        }
        if (config.credsFile != null) {
            requireFile(config.channel, "creds-file", config.credsFile);
            builder.authHandler(Nats.credentials(config.credsFile));
        }
        if (config.nkeySeed != null || config.nkeySeedFile != null) {
            builder.authHandler(nkeyAuth(config));
        }
    }

    private static SSLContext sslContext(NatsConnectionConfig config, Instance<SSLContext> named) {
        String channel = config.channel;
        if (config.tlsConfigurationName != null) {
            Instance<SSLContext> selected = named.select(Identifier.Literal.of(config.tlsConfigurationName));
            if (!selected.isResolvable()) {
                throw NatsExceptions.ex.invalidAttribute("tls-configuration-name", channel,
                        "no SSLContext bean with @Identifier(\"" + config.tlsConfigurationName + "\")");
            }
            return selected.get();
        }
        try {
            if (config.truststorePath == null && config.keystorePath == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory trust = null;
            if (config.truststorePath != null) {
                KeyStore store = load(channel, "tls-truststore", config.truststorePath, config.truststoreType,
                        config.truststorePassword);
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (config.keystorePath != null) {
                KeyStore store = load(channel, "tls-keystore", config.keystorePath, config.keystoreType,
                        config.keystorePassword);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password(config.keystorePassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw NatsExceptions.ex.invalidAttribute("tls-keystore-path", channel, "cannot set up TLS: " + e.getClass().getSimpleName());
        }
    }

    private static KeyStore load(String channel, String prefix, String path, String type, String password) {
        requireFile(channel, prefix + "-path", path);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password(password));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK says "keystore password was incorrect" or names the format; never the password itself.
            throw NatsExceptions.ex.invalidAttribute(prefix + "-path", channel, "cannot read '" + path + "' as " + type
                    + ": " + e.getMessage());
        }
    }

    private static char[] password(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    private static AuthHandler nkeyAuth(NatsConnectionConfig config) {
        String attribute = config.nkeySeed != null ? "nkey-seed" : "nkey-seed-file";
        char[] seed;
        if (config.nkeySeed != null) {
            seed = config.nkeySeed.trim().toCharArray();
        } else {
            requireFile(config.channel, attribute, config.nkeySeedFile);
            try {
                seed = Files.readString(Path.of(config.nkeySeedFile), StandardCharsets.UTF_8).trim().toCharArray();
            } catch (IOException e) {
                throw NatsExceptions.ex.invalidAttribute(attribute, config.channel, "cannot read '" + config.nkeySeedFile + "'");
            }
        }
        NKey key;
        char[] publicKey;
        try {
            key = NKey.fromSeed(seed);
            publicKey = key.getPublicKey();
        } catch (RuntimeException | GeneralSecurityException | IOException e) {
            throw NatsExceptions.ex.invalidAttribute(attribute, config.channel, "not a valid NKey seed");
        }
        return new AuthHandler() {
            @Override
            public byte[] sign(byte[] nonce) {
                try {
                    return key.sign(nonce);
                } catch (GeneralSecurityException | IOException e) {
                    throw new IllegalStateException("cannot sign the server's nonce with the NKey of channel '"
                            + config.channel + "'", e);
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

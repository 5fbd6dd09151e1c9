package io.smallrye.reactive.messaging.nats.it.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.it.base.InOutApp;
import io.smallrye.reactive.messaging.nats.it.base.LogCapture;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.it.base.TestCertificates;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/** One scenario per security mode, each against a nats-server configured by the test; no secret ever logged. */
class SecurityTest extends NatsTestBase {

    private static final String PASSWORD = "pa55-w0rd-never-logged";
    private static final String TOKEN = "t0ken-never-logged";
    private static final List<String> seeds = new CopyOnWriteArrayList<>();
    private static TestCertificates certs;
    private static LogCapture logged;

    private NatsServer own;

    @BeforeAll
    static void certificatesAndLogCapture() throws Exception {
        certs = TestCertificates.create();
        logged = LogCapture.start();
    }

    @AfterAll
    static void noSecretWasLogged() {
        logged.close();
        // The capture did see the connector's own lines, the failed logins included.
        assertTrue(logged.lines().stream().anyMatch(l -> l.contains("Authorization Violation")),
                "connector log lines were captured");
        for (String line : logged.lines()) {
            for (String secret : java.util.stream.Stream.concat(Stream.of(PASSWORD, TOKEN, TestCertificates.STORE_PASSWORD),
                    seeds.stream()).toList()) {
                assertFalse(line.contains(secret), "a secret leaked into the log: " + line);
            }
        }
    }

    private Map<String, String> app(String url) {
        Map<String, String> config = incoming(config(), "in", "data.in");
        outgoing(config, "out", "data.in");
        config.put("mp.messaging.connector.smallrye-nats.url", url);
        config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "200ms");
        return config;
    }

    private void assertRoundTrip(Map<String, String> config) throws Exception {
        start(config, InOutApp.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().isOk());
        InOutApp app = bean(InOutApp.class);
        app.emitter().send("secured").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.received().contains("secured"));
    }

    private void assertStaysDown(Map<String, String> config, String expected) {
        start(config, InOutApp.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> describe(readiness()).contains(expected));
        assertFalse(readiness().isOk(), describe(readiness()));
    }

    @Test
    void tlsWithATrustStore() throws Exception {
        own = servers.own(NatsServer.builder().config(certs.serverTls("server", false)).start());
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.tls-truststore-path", certs.path("truststore.p12"));
        config.put("mp.messaging.connector.smallrye-nats.tls-truststore-password", TestCertificates.STORE_PASSWORD);
        assertRoundTrip(config);
    }

    @Test
    void hostnameVerificationRejectsACertificateForAnotherHost() throws Exception {
        own = servers.own(NatsServer.builder().config(certs.serverTls("wrong-host", false)).start());
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.tls-truststore-path", certs.path("truststore.p12"));
        config.put("mp.messaging.connector.smallrye-nats.tls-truststore-password", TestCertificates.STORE_PASSWORD);
        assertStaysDown(config, "not yet connected");
        stopContainer();

        config.put("mp.messaging.connector.smallrye-nats.tls-hostname-verification", "false");
        assertRoundTrip(config);
    }

    @Test
    void mutualTlsAcceptsTheClientCertificateAndRejectsAClientWithout() throws Exception {
        own = servers.own(NatsServer.builder().config(certs.serverTls("server", true)).start());
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.tls-truststore-path", certs.path("truststore.p12"));
        config.put("mp.messaging.connector.smallrye-nats.tls-truststore-password", TestCertificates.STORE_PASSWORD);
        assertStaysDown(config, "not yet connected");
        stopContainer();

        config.put("mp.messaging.connector.smallrye-nats.tls-keystore-path", certs.path("client.p12"));
        config.put("mp.messaging.connector.smallrye-nats.tls-keystore-password", TestCertificates.STORE_PASSWORD);
        assertRoundTrip(config);
    }

    /** An SSLContext the application builds itself (or takes from the runtime's TLS registry), named for the channels. */
    @ApplicationScoped
    public static class TlsRegistry {
        @Produces
        @Identifier("nats-tls")
        SSLContext natsTls() throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(Path.of(certs.path("truststore.p12")))) {
                trust.load(in, TestCertificates.STORE_PASSWORD.toCharArray());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        }
    }

    @Test
    void tlsFromANamedSslContextBean() throws Exception {
        own = servers.own(NatsServer.builder().config(certs.serverTls("server", false)).start());
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.tls-configuration-name", "nats-tls");
        start(config, InOutApp.class, TlsRegistry.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().isOk());
        InOutApp app = bean(InOutApp.class);
        app.emitter().send("secured").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.received().contains("secured"));
    }

    @Test
    void nkeySeedAsAValue() throws Exception {
        NKey user = NKey.createUser(null);
        seeds.add(new String(user.getSeed()));
        own = servers.own(NatsServer.builder().config("authorization {\n  users = [ { nkey: " + new String(user.getPublicKey())
                + " } ]\n}\n").start());
        Map<String, String> config = app(own.url());
        config.put("nats.nkey-seed", new String(user.getSeed())); // the global alias, as NATS_NKEY_SEED would set it
        assertRoundTrip(config);
    }

    @Test
    void userAndPasswordAndAWrongPassword() throws Exception {
        own = servers.own(
                NatsServer.builder().config("authorization {\n  user: agent\n  password: \"" + PASSWORD + "\"\n}\n").start());
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.username", "agent");
        config.put("mp.messaging.connector.smallrye-nats.password", "wrong-" + PASSWORD);
        assertStaysDown(config, "Authorization Violation");
        stopContainer();

        config.put("mp.messaging.connector.smallrye-nats.password", PASSWORD);
        assertRoundTrip(config);
    }

    @Test
    void token() throws Exception {
        own = servers.own(NatsServer.builder().config("authorization {\n  token: \"" + TOKEN + "\"\n}\n").start());
        Map<String, String> config = app(own.url());
        config.put("nats.token", TOKEN); // the global alias, as an environment variable NATS_TOKEN would provide
        config.put("mp.messaging.connector.smallrye-nats.token", TOKEN);
        assertRoundTrip(config);
    }

    @Test
    void nkeySeedFromAFile() throws Exception {
        NKey user = NKey.createUser(null);
        own = servers.own(NatsServer.builder().config("authorization {\n  users = [ { nkey: " + new String(user.getPublicKey())
                + " } ]\n}\n").start());
        Path seed = Files.createTempFile(certs.dir(), "agent", ".nk");
        Files.writeString(seed, new String(user.getSeed()));
        seeds.add(new String(user.getSeed()));
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.nkey-seed-file", seed.toString());
        assertRoundTrip(config);
    }

    /** Claims of an operator or account JWT, which jnats does not issue by itself (it issues user JWTs). */
    private static String jwt(NKey signer, NKey subject, String name, String natsClaims) throws Exception {
        return JwtUtils.issueJWT(signer, new String(subject.getPublicKey()), name, null, System.currentTimeMillis() / 1000,
                new String(signer.getPublicKey()), (JsonSerializable) () -> natsClaims);
    }

    @Test
    void credsFileInTheOperatorAccountsModel() throws Exception {
        NKey operator = NKey.createOperator(null);
        NKey account = NKey.createAccount(null);
        NKey user = NKey.createUser(null);
        String operatorJwt = jwt(operator, operator, "test-operator", "{\"type\":\"operator\",\"version\":2}");
        String accountJwt = jwt(operator, account, "agents", "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,"
                + "\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1},"
                + "\"type\":\"account\",\"version\":2}");
        String userJwt = JwtUtils.issueUserJWT(account, new String(account.getPublicKey()), new String(user.getPublicKey()),
                "agent");
        own = servers.own(NatsServer.builder().config("operator: " + operatorJwt + "\nresolver: MEMORY\nresolver_preload: {\n  "
                + new String(account.getPublicKey()) + ": " + accountJwt + "\n}\n").start());
        Path creds = Files.createTempFile(certs.dir(), "agent", ".creds");
        Files.writeString(creds, "-----BEGIN NATS USER JWT-----\n" + userJwt + "\n------END NATS USER JWT------\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n------END USER NKEY SEED------\n");
        seeds.add(new String(user.getSeed()));
        seeds.add(userJwt);
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.creds-file", creds.toString());
        assertRoundTrip(config);
    }

    private NatsServer serverDenyingSecrets() {
        return servers.own(NatsServer.builder()
                .config("authorization {\n  users = [ { user: agent, password: \"" + PASSWORD + "\""
                        + ", permissions: { publish: { deny: [\"secret.>\"] }, subscribe: { deny: [\"secret.>\"] } } } ]\n}\n")
                .start());
    }

    private Map<String, String> agent() {
        Map<String, String> config = app(own.url());
        config.put("mp.messaging.connector.smallrye-nats.username", "agent");
        config.put("mp.messaging.connector.smallrye-nats.password", PASSWORD);
        return config;
    }

    @Test
    void aDeniedPublishTurnsItsChannelDown() throws Exception {
        own = serverDenyingSecrets();
        Map<String, String> config = agent();
        config.put("mp.messaging.outgoing.out.subject", "secret.out");
        start(config, InOutApp.class);
        await().until(() -> readiness().isOk());
        bean(InOutApp.class).emitter().send("leak?").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> describe(readiness()).contains("out=DOWN"));
        String health = describe(readiness());
        assertTrue(health.contains("denies publishing to 'secret.out'") && health.contains("in=UP"), health);
    }

    @Test
    void aDeniedSubscriptionTurnsOnlyItsChannelDown() throws Exception {
        own = serverDenyingSecrets();
        Map<String, String> config = agent();
        config.put("mp.messaging.incoming.in.subject", "secret.in");
        start(config, InOutApp.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> describe(readiness()).contains("in=DOWN"));
        String health = describe(readiness());
        assertTrue(health.contains("denies the subscription to 'secret.in'"), health);
        assertTrue(health.contains("out=UP"), "the other channel on the same connection keeps working: " + health);

        try (Connection observer = Nats.connect(new Options.Builder().server(own.url()).userInfo("agent", PASSWORD).build())) {
            var results = observer.subscribe("data.in");
            observer.flush(Duration.ofSeconds(2));
            bean(InOutApp.class).emitter().send("still flowing").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(results.nextMessage(Duration.ofSeconds(10)) != null);
        }
    }
}

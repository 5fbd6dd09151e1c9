package io.smallrye.reactive.messaging.nats.it.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test-only certificates, made at test time with openssl and keytool (never committed): a CA, a server certificate
 * for 127.0.0.1, a server certificate for another host name, a client certificate for mutual TLS, and the PKCS12
 * stores the connector reads.
 */
public final class TestCertificates {

    public static final String STORE_PASSWORD = "store-secret-1";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates create() throws Exception {
        TestCertificates certs = new TestCertificates(Files.createTempDirectory("nats-tls-"));
        certs.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
                "-keyout", "ca.key", "-out", "ca.pem");
        certs.signed("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        certs.signed("wrong-host", "/CN=other.example", "subjectAltName=DNS:other.example");
        certs.signed("client", "/CN=agent", "extendedKeyUsage=clientAuth");
        certs.run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "truststore.p12",
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        certs.run("openssl", "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-name", "client", "-passout", "pass:" + STORE_PASSWORD);
        return certs;
    }

    private void signed(String name, String subject, String extension) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + ".key", "-out",
                name + ".csr");
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    /** The folder of the certificates, for other test files that need a private place. */
    public Path dir() {
        return dir;
    }

    public String path(String file) {
        return dir.resolve(file).toString();
    }

    /** nats-server TLS block for the given server certificate; {@code verify} asks clients for a certificate. */
    public String serverTls(String certificate, boolean verify) {
        return "tls {\n  cert_file: \"" + path(certificate + ".pem") + "\"\n  key_file: \"" + path(certificate + ".key")
                + "\"\n  ca_file: \"" + path("ca.pem") + "\"\n  verify: " + verify + "\n  timeout: 2\n}\n";
    }
}

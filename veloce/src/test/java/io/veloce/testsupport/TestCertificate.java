package io.veloce.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made at test time and
 * written as the PEM files a server is configured with.
 *
 * <p>Made with the JDK's {@code keytool} — the JDK has no public API to issue a certificate, and
 * this needs no extra dependency (BouncyCastle) nor Netty's deprecated
 * {@code SelfSignedCertificate}, which cannot add the IP address the JDK's HTTP client checks.
 * keytool cannot export a private key, so the key is read back from its PKCS#12 store with
 * {@link KeyStore}, whose {@code getEncoded()} is the PKCS#8 a PEM {@code PRIVATE KEY} holds.
 *
 * @param certificatePem the certificate, PEM
 * @param privateKeyPem its private key, PEM (PKCS#8, unencrypted)
 * @param certificate the certificate, for a client's trust store
 */
public record TestCertificate(Path certificatePem, Path privateKeyPem, X509Certificate certificate) {

    private static final char[] STORE_PASSWORD = "test-only".toCharArray();

    /** The kinds of key a certificate can be made for. */
    public enum KeyType {
        /** RSA 2048, signed with SHA256withRSA. */
        RSA("-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA"),
        /** EC P-256, signed with SHA256withECDSA. */
        EC("-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA");

        private final List<String> keytoolOptions;

        KeyType(String... keytoolOptions) {
            this.keytoolOptions = List.of(keytoolOptions);
        }
    }

    /**
     * Generates a key pair of {@code type} and a certificate valid for two days in {@code dir}.
     *
     * @throws IOException when keytool fails (its output is in the message)
     */
    public static TestCertificate generate(Path dir, KeyType type)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "server"));
        command.addAll(type.keytoolOptions);
        command.addAll(List.of("-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate("server");
        PrivateKey key = (PrivateKey) keys.getKey("server", STORE_PASSWORD);
        Path certificatePem = Files.writeString(dir.resolve("certificate.pem"), pem("CERTIFICATE", certificate.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        return new TestCertificate(certificatePem, keyPem, certificate);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Returns a client TLS context that trusts this certificate, and only it. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}

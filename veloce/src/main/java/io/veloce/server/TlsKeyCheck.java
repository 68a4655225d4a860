package io.veloce.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the private key belongs to the server certificate. The JDK builds a TLS context
 * from any certificate and any key, and a mismatched pair (a renewed certificate next to the old
 * key) would only show as every handshake failing; signing with the key and verifying with the
 * certificate's public key finds it at startup instead.
 *
 * <p>Only what this class can read itself is checked: an unencrypted PKCS#8 key with RSA, EC or
 * EdDSA. Anything else was read by Netty already and is left to the handshake.
 */
final class TlsKeyCheck {

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TlsKeyCheck() {
    }

    /** @throws IllegalArgumentException when the key demonstrably does not belong to the certificate */
    static void keyMatchesCertificate(Path certificateChain, Path privateKey) {
        X509Certificate certificate;
        PrivateKey key;
        String algorithm;
        try {
            certificate = first(certificateChain);
            Matcher pem = PKCS8.matcher(Files.readString(privateKey, StandardCharsets.US_ASCII));
            algorithm = signatureFor(certificate.getPublicKey().getAlgorithm());
            if (!pem.find() || algorithm == null) {
                return;
            }
            key = parse(Base64.getMimeDecoder().decode(pem.group(1)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException unreadableHere) {
            return;
        }
        if (key == null) {
            return;
        }
        if (!algorithm.equals(signatureFor(key.getAlgorithm()))) {
            throw mismatch(certificate); // an EC key for an RSA certificate, say
        }
        try {
            byte[] probe = "veloce key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException cannotSign) {
            // fall through: a key that cannot sign for the certificate's algorithm does not belong to it
        }
        throw mismatch(certificate);
    }

    private static IllegalArgumentException mismatch(X509Certificate certificate) {
        return new IllegalArgumentException("the private key does not belong to the first certificate in the chain ("
                + certificate.getSubjectX500Principal().getName() + ")");
    }

    /** The PKCS#8 key as whichever of the checked algorithms it is, or {@code null}. */
    private static PrivateKey parse(byte[] pkcs8) {
        for (String algorithm : new String[] {"RSA", "EC", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException notThisOne) {
                // try the next
            }
        }
        return null;
    }

    private static X509Certificate first(Path chain) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(chain)) {
            Iterator<? extends java.security.cert.Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in).iterator();
            if (!certificates.hasNext()) {
                throw new GeneralSecurityException("no certificate");
            }
            return (X509Certificate) certificates.next();
        }
    }

    private static String signatureFor(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
    }
}

package io.veloce.server;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.veloce.ServerConfig;
import java.util.List;
import javax.net.ssl.SSLException;

/** Builds the server's TLS context from {@link ServerConfig.Tls}: the JDK's TLS, versions 1.3 and 1.2, AEAD suites only. */
final class TlsContext {

    /**
     * Mozilla's "intermediate" recommendation: TLS 1.3's suites, and for TLS 1.2 only forward
     * secret (ECDHE) AEAD suites — Netty's JDK default would also allow CBC ones. Those the JDK
     * lacks are left out.
     */
    private static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsContext() {
    }

    /**
     * Reads the certificate chain and key and builds the context.
     *
     * @throws IllegalStateException naming the files and what is wrong with them
     */
    static SslContext load(ServerConfig.Tls tls) {
        String files = "cannot serve HTTPS with certificate chain " + tls.certificateChain() + " and private key "
                + tls.privateKey() + ": ";
        SslContext context;
        try {
            context = SslContextBuilder
                    .forServer(tls.certificateChain().toFile(), tls.privateKey().toFile(), tls.keyPassword())
                    // the JDK's provider on purpose: no native library to ship (netty-tcnative)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (Exception unreadable) {
            throw new IllegalStateException(files + reason(unreadable)
                    + " (expected PEM files: CERTIFICATE blocks, and a PKCS#8 PRIVATE KEY)", unreadable);
        }
        try {
            TlsKeyCheck.keyMatchesCertificate(tls.certificateChain(), tls.privateKey());
        } catch (IllegalArgumentException mismatch) {
            throw new IllegalStateException(files + mismatch.getMessage(), mismatch);
        }
        return context;
    }

    /**
     * Whether {@code cause} is a TLS failure the client caused: a failed handshake (plain HTTP or
     * garbage on the HTTPS port, an unsupported version or suite) or a corrupt record later on.
     * Worth one DEBUG line, not a warning with a stack trace per stray client.
     */
    static boolean clientFailure(Throwable cause) {
        return cause instanceof DecoderException && cause.getCause() instanceof SSLException;
    }

    /** The innermost message: Netty wraps the parser's reason in one or two generic exceptions. */
    private static String reason(Throwable error) {
        String reason = String.valueOf(error.getMessage());
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                reason = reason + ": " + cause.getMessage();
            }
        }
        return reason;
    }
}

package io.veloce.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * Comparison of secrets (API keys, tokens, passwords) in time that does not depend on where they
 * differ, so an attacker cannot guess a secret byte by byte from response times.
 */
public final class Secrets {

    private Secrets() {
    }

    /**
     * Returns whether {@code given} equals {@code expected}, in constant time. Both are hashed
     * first, so not even the length of {@code expected} leaks.
     *
     * @param given what the client sent ({@code null} never matches)
     * @param expected the secret
     * @return whether they are equal
     */
    public static boolean constantTimeEquals(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    /**
     * Returns whether {@code given} equals one of {@code secrets}; every secret is compared, so
     * the time does not tell which one (or whether one) matched.
     *
     * @param given what the client sent
     * @param secrets the valid secrets
     * @return whether one matches
     */
    public static boolean matchesAny(String given, Collection<String> secrets) {
        boolean match = false;
        for (String secret : secrets) {
            match |= constantTimeEquals(given, secret);
        }
        return match;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }
}

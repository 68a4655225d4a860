package io.veloce.middleware.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures for values handed to clients: signed with the newest key, verified with
 * any of the keys (so keys can be rotated without logging everyone out). Immutable.
 */
final class Signer {

    /** 256 bits, the HMAC-SHA256 output size: a shorter key is the weak link of the signature. */
    static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] context;
    private final List<SecretKeySpec> keys;

    /**
     * @param context what the signature is for, signed along with every value: the same key given
     *     to two middlewares then still cannot make one's value pass as the other's
     * @param newest the signing key, checked by {@link #checkedKey}
     * @param previous keys still accepted when verifying, checked by {@link #checkedKey}
     */
    Signer(String context, byte[] newest, List<byte[]> previous) {
        this.context = (context + "\n").getBytes(StandardCharsets.UTF_8);
        List<SecretKeySpec> all = new ArrayList<>(1 + previous.size());
        all.add(new SecretKeySpec(newest, ALGORITHM));
        for (byte[] key : previous) {
            all.add(new SecretKeySpec(key, ALGORITHM));
        }
        this.keys = List.copyOf(all);
    }

    /**
     * Returns a copy of {@code key}, checked when the builder gets it so the mistake points at the
     * caller.
     *
     * @throws IllegalArgumentException when it is shorter than {@link #MIN_KEY_BYTES}
     */
    static byte[] checkedKey(byte[] key) {
        Objects.requireNonNull(key, "secretKey");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a secret key needs at least " + MIN_KEY_BYTES + " bytes (got "
                    + key.length + "); generate one with SecureRandom and keep it out of the source");
        }
        return key.clone();
    }

    /** Returns the Base64url signature of {@code data} with the newest key. */
    String sign(String data) {
        return ENCODER.encodeToString(mac(keys.get(0), data));
    }

    /**
     * Returns the index of the key whose signature of {@code data} is {@code signature} (0: the
     * newest), or -1 when none matches. The encoded forms are compared, in constant time, so a
     * signature is accepted in exactly one spelling (Base64 leaves spare bits in its last
     * character).
     */
    int verify(String data, String signature) {
        byte[] given = signature.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < keys.size(); i++) {
            byte[] expected = ENCODER.encode(mac(keys.get(i), data));
            if (MessageDigest.isEqual(expected, given)) {
                return i;
            }
        }
        return -1;
    }

    private byte[] mac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(context);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every Java platform has " + ALGORITHM, impossible);
        }
    }
}

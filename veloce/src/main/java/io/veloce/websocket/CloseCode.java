package io.veloce.websocket;

/**
 * WebSocket close codes (RFC 6455 §7.4 and the IANA registry) and the rules for which may be
 * sent on the wire.
 */
public final class CloseCode {

    /** 1000: the purpose of the connection has been fulfilled. */
    public static final int NORMAL = 1000;
    /** 1001: the server is going down or the browser navigated away. */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a message of a type the endpoint cannot accept (text where binary was expected, or the reverse). */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: no code was present in the Close frame (reported locally, never sent). */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** 1006: the connection dropped without a Close frame (reported locally, never sent). */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: a message whose content does not match its type (invalid UTF-8, invalid JSON). */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: the message or the connection violates a policy (for example a refused Origin). */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message larger than the endpoint accepts. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client expected an extension the server did not negotiate. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server hit an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service is restarting. */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later (overload). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** 1014: a gateway got an invalid response upstream. */
    public static final int BAD_GATEWAY = 1014;

    private CloseCode() {
    }

    /**
     * Returns whether an application may send {@code code} in {@code close(code, ...)}: 1000–1003,
     * 1007–1014 or 3000–4999.
     *
     * @param code any number
     * @return {@code true} for a code an application may put in a Close frame; {@code false} for
     *     the codes only reported locally (1005, 1006, 1015), the reserved ones (1004, 1016–2999)
     *     and anything below 1000 or above 4999
     */
    public static boolean isSendable(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /**
     * Checks the arguments of {@code close(code, reason)}.
     *
     * @param code the close code; must be {@link #isSendable sendable}
     * @param reason the close reason; {@code null} counts as empty
     * @throws IllegalArgumentException when the code may not be sent or the reason is longer than
     *     123 UTF-8 bytes (what fits a control frame after the code)
     */
    public static void validate(int code, String reason) {
        if (!isSendable(code)) {
            throw new IllegalArgumentException("close code " + code
                    + " may not be sent: use 1000-1003, 1007-1014 or 3000-4999");
        }
        if (reason != null && reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("close reason is longer than 123 UTF-8 bytes");
        }
    }

    /**
     * Returns {@code reason} shortened (with {@code "..."}, never inside a UTF-8 sequence) to fit
     * the 123 bytes a Close frame has room for; {@code ""} for {@code null}.
     *
     * @param reason any text, {@code null} included; an exception message, for example
     * @return {@code reason} itself when it fits, otherwise at most its first 120 bytes followed
     *     by {@code "..."}; never {@code null}
     */
    public static String fitReason(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        int cut = 120;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return new String(bytes, 0, cut, java.nio.charset.StandardCharsets.UTF_8) + "...";
    }
}

package io.veloce.http;

/** The {@code SameSite} attribute of a cookie (RFC 6265bis). */
public enum SameSite {
    /** Sent only with same-site requests. */
    STRICT("Strict"),
    /** Sent with same-site requests and top-level cross-site navigations (the browsers' default). */
    LAX("Lax"),
    /** Sent with every request; browsers require {@code Secure} with it. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /**
     * Returns the attribute value as written in {@code Set-Cookie} ({@code Strict}, {@code Lax}, {@code None}).
     *
     * @return the capitalised spelling of this constant, as RFC 6265bis writes it
     */
    public String attribute() {
        return attribute;
    }
}

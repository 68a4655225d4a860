package io.veloce.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The attributes of a cookie set through {@link Response#cookie(String, String, CookieOptions)}.
 * Immutable; every {@code withX}-style call returns a copy. An attribute left unset here takes
 * the app's cookie default (see {@code Veloce.cookieDefaults}); the app's defaults themselves
 * start as {@code Path=/} and nothing else, and {@code useSecureDefaults()} makes them
 * {@code Secure; HttpOnly; SameSite=Lax}. Explicit options always win over the defaults.
 */
public final class CookieOptions {

    private static final CookieOptions UNSET = new CookieOptions(null, null, null, null, null, null);

    private final Duration maxAge;
    private final String path;
    private final String domain;
    private final Boolean secure;
    private final Boolean httpOnly;
    private final SameSite sameSite;

    private CookieOptions(Duration maxAge, String path, String domain, Boolean secure, Boolean httpOnly,
            SameSite sameSite) {
        this.maxAge = maxAge;
        this.path = path;
        this.domain = domain;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
    }

    /**
     * Returns options with nothing set: every attribute comes from the app's defaults.
     *
     * @return the shared options with every attribute unset; start from it to set some
     */
    public static CookieOptions defaults() {
        return UNSET;
    }

    /**
     * Returns a copy with {@code Max-Age} (and the matching {@code Expires}); zero deletes the cookie.
     *
     * @param value how long the browser keeps the cookie, sent in whole seconds (a fraction is
     *     dropped, so less than a second deletes it); {@code null} unsets it again, giving the
     *     app's default (a session cookie unless the app sets one)
     * @return a copy with the new {@code Max-Age}; this one is unchanged
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public CookieOptions maxAge(Duration value) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException("cookie max age must not be negative");
        }
        return new CookieOptions(value, path, domain, secure, httpOnly, sameSite);
    }

    /**
     * Returns a copy with {@code Path}.
     *
     * @param value the path the browser sends the cookie for (itself and below), for example
     *     {@code /admin}; {@code null} unsets it, giving the app's default ({@code /} unless
     *     changed)
     * @return a copy with the new {@code Path}; this one is unchanged
     * @throws IllegalArgumentException when {@code value} holds a control character or {@code ;}
     */
    public CookieOptions path(String value) {
        return new CookieOptions(maxAge, checkAttribute("Path", value), domain, secure, httpOnly, sameSite);
    }

    /**
     * Returns a copy with {@code Domain}.
     *
     * @param value the domain whose hosts (its subdomains included) receive the cookie, for
     *     example {@code example.com}; {@code null} unsets it, giving the app's default (none
     *     unless the app sets one; without a {@code Domain} the cookie goes back only to the host
     *     that set it)
     * @return a copy with the new {@code Domain}; this one is unchanged
     * @throws IllegalArgumentException when {@code value} holds a control character or {@code ;}
     */
    public CookieOptions domain(String value) {
        return new CookieOptions(maxAge, path, checkAttribute("Domain", value), secure, httpOnly, sameSite);
    }

    /**
     * Returns a copy with or without {@code Secure}.
     *
     * @param value {@code true} to send the cookie over HTTPS only; {@code false} sends it over
     *     plain HTTP too, even when the app's defaults say {@code Secure}
     * @return a copy with the attribute set; this one is unchanged
     */
    public CookieOptions secure(boolean value) {
        return new CookieOptions(maxAge, path, domain, value, httpOnly, sameSite);
    }

    /**
     * Returns a copy with or without {@code HttpOnly}.
     *
     * @param value {@code true} to hide the cookie from page scripts; {@code false} lets scripts
     *     read it, even when the app's defaults say {@code HttpOnly}
     * @return a copy with the attribute set; this one is unchanged
     */
    public CookieOptions httpOnly(boolean value) {
        return new CookieOptions(maxAge, path, domain, secure, value, sameSite);
    }

    /**
     * Returns a copy with {@code SameSite}.
     *
     * @param value when the browser sends the cookie with cross-site requests ({@link SameSite#NONE}
     *     wants {@code Secure} too); {@code null} unsets it, giving the app's default (no attribute,
     *     so the browser's own, unless the app sets one)
     * @return a copy with the new {@code SameSite}; this one is unchanged
     */
    public CookieOptions sameSite(SameSite value) {
        return new CookieOptions(maxAge, path, domain, secure, httpOnly, value);
    }

    /**
     * Returns {@code Max-Age}, or {@code null} when unset (a session cookie).
     *
     * @return the lifetime set, never negative, or {@code null} when unset
     */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * Returns {@code Path}, or {@code null} when unset.
     *
     * @return the path set, or {@code null} when unset
     */
    public String path() {
        return path;
    }

    /**
     * Returns {@code Domain}, or {@code null} when unset.
     *
     * @return the domain set, or {@code null} when unset
     */
    public String domain() {
        return domain;
    }

    /**
     * Returns {@code Secure}, or {@code null} when unset.
     *
     * @return {@code TRUE} or {@code FALSE} when set explicitly, {@code null} when unset
     */
    public Boolean secure() {
        return secure;
    }

    /**
     * Returns {@code HttpOnly}, or {@code null} when unset.
     *
     * @return {@code TRUE} or {@code FALSE} when set explicitly, {@code null} when unset
     */
    public Boolean httpOnly() {
        return httpOnly;
    }

    /**
     * Returns {@code SameSite}, or {@code null} when unset.
     *
     * @return the value set, or {@code null} when unset
     */
    public SameSite sameSite() {
        return sameSite;
    }

    /**
     * Returns these options with every unset attribute taken from {@code fallback}.
     *
     * @param fallback the options to fill the gaps from, usually the app's cookie defaults; must
     *     not be {@code null} ({@link #defaults()} fills nothing)
     * @return new options; an attribute set here (even to {@code false}) wins over the fallback's
     * @throws NullPointerException when {@code fallback} is {@code null}
     */
    public CookieOptions orElse(CookieOptions fallback) {
        return new CookieOptions(
                maxAge != null ? maxAge : fallback.maxAge,
                path != null ? path : fallback.path,
                domain != null ? domain : fallback.domain,
                secure != null ? secure : fallback.secure,
                httpOnly != null ? httpOnly : fallback.httpOnly,
                sameSite != null ? sameSite : fallback.sameSite);
    }

    private static String checkAttribute(String name, String value) {
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c == 0x7f || c == ';') {
                    throw new IllegalArgumentException("cookie " + name + " contains a control character or ';'");
                }
            }
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CookieOptions o && Objects.equals(maxAge, o.maxAge) && Objects.equals(path, o.path)
                && Objects.equals(domain, o.domain) && Objects.equals(secure, o.secure)
                && Objects.equals(httpOnly, o.httpOnly) && sameSite == o.sameSite;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAge, path, domain, secure, httpOnly, sameSite);
    }

    @Override
    public String toString() {
        return "CookieOptions[maxAge=" + maxAge + ", path=" + path + ", domain=" + domain + ", secure=" + secure
                + ", httpOnly=" + httpOnly + ", sameSite=" + sameSite + "]";
    }
}

package io.veloce.security;

/**
 * The user name and password of HTTP Basic authentication.
 *
 * @param username the user name (before the first {@code :})
 * @param password the password (may contain {@code :})
 */
public record BasicCredentials(String username, String password) {

    /** Returns the user name only: a password never ends up in a log by accident. */
    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + ", password=***]";
    }
}

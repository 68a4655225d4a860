package io.veloce.bench;

/**
 * The JSON benchmark's payload, serialised per request by both servers.
 *
 * @param message the greeting
 */
public record Message(String message) {
}

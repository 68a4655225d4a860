package io.veloce.di;

/**
 * A dependency's provider failed with a checked exception (its cause). Unchecked exceptions,
 * {@code HttpException} included, pass through unwrapped. Either way the request is answered as
 * for a handler failure: the status of an {@code HttpException}, else a logged 500 (a refused
 * WebSocket handshake).
 */
public final class DependencyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DependencyException(Dependency<?> dependency, Exception cause) {
        super(dependency + " failed: " + cause, cause);
    }
}

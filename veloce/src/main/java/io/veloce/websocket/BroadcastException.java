package io.veloce.websocket;

/**
 * A broadcast message could not be sent, for example because the engine that joins the nodes
 * (Redis) is unreachable. The future {@link Broadcaster#publish} returned completes with it.
 */
public class BroadcastException extends RuntimeException {

    /**
     * Creates the exception with a message saying what could not be sent and why.
     *
     * @param message what could not be sent (the channel) and why, for the log and the caller
     * @param cause the engine's own failure, for example the Redis client's exception;
     *     {@code null} when there is none
     */
    public BroadcastException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with a message saying what could not be sent and why.
     *
     * @param message what could not be sent (the channel) and why, for example that the
     *     broadcaster is not started
     */
    public BroadcastException(String message) {
        super(message);
    }
}

package io.veloce.websocket;

/**
 * A received message could not be read as asked: invalid JSON, or JSON that does not bind to the
 * requested type. Catch it to keep the connection open; escaping the handler, it closes the
 * connection with 1007 ({@link CloseCode#INVALID_PAYLOAD}) and is not logged as a server error.
 */
public class InvalidMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message saying what was wrong.
     *
     * @param message what was wrong with the received message, e.g. Jackson's description and
     *     where it failed; also the close reason (shortened to 123 bytes) when the exception
     *     escapes the handler
     */
    public InvalidMessageException(String message) {
        super(message, null, false, false);
    }
}

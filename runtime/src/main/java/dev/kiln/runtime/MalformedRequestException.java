package dev.kiln.runtime;

import dev.kiln.api.KilnException;

/**
 * The client sent a request body that breaks HTTP framing (a bad chunk-size line, say). A worker reading the
 * body gets it; the invocation's outcome is the client's ({@code canceled}), not the worker's exception, and the
 * server answers 400 and closes the connection whatever the worker answered.
 */
public final class MalformedRequestException extends KilnException {

    public MalformedRequestException(String message) {
        super(400, message);
    }
}

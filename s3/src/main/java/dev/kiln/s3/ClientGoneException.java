package dev.kiln.s3;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The client went away (reset or closed the connection) while an answer was being sent to it: nothing is
 * wrong with the server, and there is no one left to answer.
 */
final class ClientGoneException extends UncheckedIOException {

    ClientGoneException(IOException cause) {
        super("the client went away during the response: " + cause.getMessage(), cause);
    }
}

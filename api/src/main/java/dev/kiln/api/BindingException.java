package dev.kiln.api;

/**
 * A binding was asked for that the worker's configuration does not declare, is of another type, or is
 * declared but not supported by this Kiln. Status 500: it is a fault in the worker or its configuration.
 */
public class BindingException extends KilnException {

    /** @param message which binding, what was asked and what is declared */
    public BindingException(String message) {
        super(500, message);
    }
}

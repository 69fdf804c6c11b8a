package dev.idaudit.util;

/**
 * A file or value the user gave us is wrong. The CLI turns it into exit code 2 with the
 * message alone (no stack trace unless --verbose), so the message must say which file, which
 * line when known, and what is wrong.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

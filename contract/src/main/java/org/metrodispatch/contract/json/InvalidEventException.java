package org.metrodispatch.contract.json;

/**
 * A record that does not satisfy the event contract. The message is the reason a person reads in
 * the dead-letter output, so it names the field and the problem.
 */
public final class InvalidEventException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        // No stack trace: this is an expected outcome for bad input, and it is thrown per record.
        super(reason, null, false, false);
    }
}

package org.metrodispatch.contract.cli;

/** A mistake by the user (a wrong argument, a port in use): shown as one line, exit code 2. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}

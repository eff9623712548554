package org.metrodispatch.contract.config;

/**
 * A mistake in a configuration file or a command-line value. Its message names the file, the key
 * and the problem, and is meant to be shown to the user as it is, without a stack trace.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

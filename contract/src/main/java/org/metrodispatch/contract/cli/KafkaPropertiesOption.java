package org.metrodispatch.contract.cli;

import org.metrodispatch.contract.kafka.KafkaClientSecurity;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code --kafka-properties FILE}, for every command with a Kafka client: the security settings
 * ({@link KafkaClientSecurity}) all of the command's clients use. A picocli mixin.
 */
public final class KafkaPropertiesOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private Path file;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "Kafka client security settings (security.protocol, sasl.*, ssl.*) as a"
                            + " properties file, like Kafka's --command-config (default: the file"
                            + " named by $"
                            + KafkaClientSecurity.ENVIRONMENT
                            + ", else none).")
    void file(Path file) {
        try {
            KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.load(file));
        } catch (UserError e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        this.file = file;
    }

    /** The file given on the command line, or null. */
    public Path file() {
        return file;
    }
}

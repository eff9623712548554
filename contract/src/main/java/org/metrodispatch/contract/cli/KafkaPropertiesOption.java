package org.metrodispatch.contract.cli;

import org.metrodispatch.contract.kafka.KafkaClientSecurity;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;

/**
 * {@code --kafka-properties FILE}, for every command with a Kafka client: the security settings
 * ({@link KafkaClientSecurity}) all of the command's clients use. A picocli mixin.
 */
public final class KafkaPropertiesOption {

    private Path file;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            converter = Loader.class,
            description =
                    "Kafka client security settings (security.protocol, sasl.*, ssl.*) as a"
                            + " properties file, like Kafka's --command-config (default: the file"
                            + " named by $"
                            + KafkaClientSecurity.ENVIRONMENT
                            + ", else none).")
    void security(Loaded loaded) {
        KafkaClientSecurity.useForThisProcess(loaded.security());
        this.file = loaded.file();
    }

    /** The file given on the command line, or null: to pass on to a job a cluster runs. */
    public Path file() {
        return file;
    }

    /** A file and what it holds. */
    record Loaded(Path file, KafkaClientSecurity security) {}

    /** Reads the file while the command line is parsed, so a bad file is a usage error. */
    static final class Loader implements ITypeConverter<Loaded> {
        @Override
        public Loaded convert(String value) {
            Path file = Path.of(value).toAbsolutePath().normalize();
            try {
                return new Loaded(file, KafkaClientSecurity.load(file));
            } catch (UserError e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

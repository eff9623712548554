package org.metrodispatch.contract.kafka;

import org.metrodispatch.contract.cli.UserError;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * How the project's Kafka clients reach a broker that requires authentication or TLS: the {@code
 * security.protocol}, {@code sasl.*} and {@code ssl.*} properties of one file, like Kafka's own
 * {@code --command-config}, added to every client the project makes (the job's source and sinks,
 * the simulator, review, the closed loop, the demo, the benchmark, topic creation).
 *
 * <p>A command takes the file from {@code --kafka-properties FILE} or, when that is not given, from
 * the environment variable {@value #ENVIRONMENT}. Only security properties are accepted: the rest
 * of a client's settings belong to the project. Secrets never appear in {@link #toString()}.
 */
public final class KafkaClientSecurity implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The environment variable naming the properties file when no option names one. */
    public static final String ENVIRONMENT = "METRO_DISPATCH_KAFKA_PROPERTIES";

    private static final KafkaClientSecurity NONE = new KafkaClientSecurity(Map.of(), null);

    private static volatile KafkaClientSecurity forThisProcess;

    private final Map<String, String> properties;
    private final String source;

    private KafkaClientSecurity(Map<String, String> properties, String source) {
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
        this.source = source;
    }

    /** No security settings: plain connections, as to the local broker. */
    public static KafkaClientSecurity none() {
        return NONE;
    }

    /**
     * Reads a properties file.
     *
     * @throws UserError when it cannot be read or holds anything but security properties
     */
    public static KafkaClientSecurity load(Path file) {
        Properties read = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read.load(reader);
        } catch (IOException e) {
            throw new UserError("cannot read the Kafka client properties " + file + ": " + e);
        }
        Map<String, String> properties = new TreeMap<>();
        for (String key : read.stringPropertyNames()) {
            if (!isSecurityProperty(key)) {
                throw new UserError(
                        "the Kafka client properties "
                                + file
                                + " may only hold security.protocol, sasl.* and ssl.* settings,"
                                + " not '"
                                + key
                                + "'");
            }
            properties.put(key, read.getProperty(key).trim());
        }
        return new KafkaClientSecurity(properties, file.toString());
    }

    /** The file named by {@value #ENVIRONMENT}, or none. */
    public static KafkaClientSecurity fromEnvironment() {
        String file = System.getenv(ENVIRONMENT);
        return file == null || file.isBlank() ? NONE : load(Path.of(file));
    }

    /** Sets what this process's clients use (a command's {@code --kafka-properties}). */
    public static void useForThisProcess(KafkaClientSecurity security) {
        forThisProcess = security;
    }

    /** What this process's clients use: the command's option, else the environment's file. */
    public static KafkaClientSecurity forThisProcess() {
        KafkaClientSecurity security = forThisProcess;
        if (security == null) {
            security = fromEnvironment();
            forThisProcess = security;
        }
        return security;
    }

    /** Adds the settings to a client's properties; returns them. */
    public Properties applyTo(Properties clientProperties) {
        clientProperties.putAll(properties);
        return clientProperties;
    }

    /** The settings, to pass to a builder one by one. */
    public Map<String, String> asMap() {
        return properties;
    }

    public boolean isEmpty() {
        return properties.isEmpty();
    }

    static boolean isSecurityProperty(String key) {
        return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.");
    }

    private static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password")
                || lower.contains("jaas")
                || lower.contains("secret")
                || lower.endsWith(".key")
                || lower.contains("credentials");
    }

    /** The settings with every secret redacted, for logs and messages. */
    @Override
    public String toString() {
        if (properties.isEmpty()) {
            return "no Kafka client security settings";
        }
        StringJoiner text =
                new StringJoiner(", ", "Kafka client security from " + source + ": ", "");
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            text.add(
                    entry.getKey()
                            + "="
                            + (isSecret(entry.getKey()) ? "<redacted>" : entry.getValue()));
        }
        return text.toString();
    }
}

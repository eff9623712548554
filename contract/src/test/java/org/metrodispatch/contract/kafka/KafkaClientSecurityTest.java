package org.metrodispatch.contract.kafka;

import org.metrodispatch.contract.cli.UserError;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSecurityTest {

    @TempDir Path dir;

    private Path file(String text) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void securityPropertiesAreAddedToAClientsOwn() throws IOException {
        KafkaClientSecurity security =
                KafkaClientSecurity.load(
                        file(
                                "security.protocol=SASL_PLAINTEXT\n"
                                        + "sasl.mechanism=PLAIN\n"
                                        + "sasl.jaas.config=org.apache.kafka.common.security.plain"
                                        + ".PlainLoginModule required username=\"metro\""
                                        + " password=\"s3cret-pw\";\n"));
        Properties client = new Properties();
        client.put("bootstrap.servers", "localhost:9092");
        security.applyTo(client);
        assertThat(client)
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(client.getProperty("sasl.jaas.config")).contains("s3cret-pw");
    }

    @Test
    void secretsNeverAppearInItsText() throws IOException {
        KafkaClientSecurity security =
                KafkaClientSecurity.load(
                        file(
                                "security.protocol=SASL_SSL\n"
                                        + "sasl.jaas.config=x required password=\"s3cret-pw\";\n"
                                        + "ssl.truststore.password=trust-pw\n"
                                        + "ssl.truststore.location=/etc/kafka/trust.jks\n"));
        assertThat(security.toString())
                .contains("security.protocol=SASL_SSL")
                .contains("ssl.truststore.location=/etc/kafka/trust.jks")
                .contains("sasl.jaas.config=<redacted>")
                .doesNotContain("s3cret-pw")
                .doesNotContain("trust-pw");
    }

    @Test
    void onlySecurityPropertiesAreAccepted() throws IOException {
        Path file = file("security.protocol=SSL\nbootstrap.servers=elsewhere:9092\n");
        assertThatThrownBy(() -> KafkaClientSecurity.load(file))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void aMissingFileIsAUserError() {
        assertThatThrownBy(() -> KafkaClientSecurity.load(dir.resolve("missing.properties")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("missing.properties");
    }

    @Test
    void noneAddsNothing() {
        Properties client = new Properties();
        KafkaClientSecurity.none().applyTo(client);
        assertThat(client).isEmpty();
        assertThat(KafkaClientSecurity.none().isEmpty()).isTrue();
    }
}

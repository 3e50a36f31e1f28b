package org.vigil.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.vigil.support.Schema;

/**
 * The migration that stores token kinds marks as agent tokens exactly the tokens made
 * with offerings before it, and every other token as a user token. On a fresh H2
 * database, or in the PostgreSQL pass on a fresh schema.
 */
class TokenKindMigrationTest {

	private static final String PASS_URL = System.getProperty("spring.datasource.url", "");

	@Test
	void tokensWithOfferingsBecomeAgentTokensAndTheRestUserTokens() throws SQLException {
		String schema = "token_kind_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		boolean postgres = PASS_URL.startsWith("jdbc:postgresql:");
		String url = postgres ? PASS_URL + (PASS_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema
				: "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1";
		if (postgres) {
			execute(PASS_URL, "CREATE SCHEMA " + schema);
		}
		try {
			Flyway before = Flyway.configure()
				.configuration(Schema.flyway(url, "sa", "").getConfiguration())
				.target("17")
				.load();
			before.migrate();
			execute(url,
					"INSERT INTO account (uuid, username, is_staff, is_support, is_active, created) VALUES ('"
							+ UUID.randomUUID() + "', 'admin', TRUE, FALSE, TRUE, CURRENT_TIMESTAMP)",
					"INSERT INTO customer (uuid, name, created) VALUES ('" + UUID.randomUUID()
							+ "', 'Acme', CURRENT_TIMESTAMP)",
					"INSERT INTO offering (uuid, name, slug, type, customer_id, created) SELECT '" + UUID.randomUUID()
							+ "', 'HPC', 'hpc', 'Marketplace.Basic', id, CURRENT_TIMESTAMP FROM customer",
					token("person"), token("agent"), token("orphan"),
					"INSERT INTO token_offering (token_id, offering_id) SELECT token.id, offering.id FROM token, offering "
							+ "WHERE token.label = 'agent'");

			Schema.flyway(url, "sa", "").migrate();

			assertThat(kinds(url)).isEqualTo(Map.of("person", "user", "agent", "agent", "orphan", "user"));
		}
		finally {
			if (postgres) {
				execute(PASS_URL, "DROP SCHEMA " + schema + " CASCADE");
			}
			else {
				execute(url, "SHUTDOWN");
			}
		}
	}

	private static String token(String label) {
		return "INSERT INTO token (uuid, account_id, key_digest, label, created) SELECT '" + UUID.randomUUID()
				+ "', id, '" + TokenKeys.digest(TokenKeys.generate()) + "', '" + label
				+ "', CURRENT_TIMESTAMP FROM account";
	}

	private static Map<String, String> kinds(String url) throws SQLException {
		Map<String, String> kinds = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				var rows = connection.createStatement().executeQuery("SELECT label, kind FROM token")) {
			while (rows.next()) {
				kinds.put(rows.getString(1), rows.getString(2));
			}
		}
		return kinds;
	}

	private static void execute(String url, String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}

package org.vigil.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A database of one test's own for the Vigil it starts: in the PostgreSQL pass a fresh
 * schema of the pass's database, dropped on close; in the H2 pass none ({@link #url()} is
 * null), so that Vigil takes its default, an H2 file under its own directory. Nothing
 * else in the run writes it, so such a test runs beside the others (see {@link Beside}),
 * and it never sees, nor empties, the shared test database.
 */
public final class OwnDatabase implements AutoCloseable {

	private final String passUrl;

	private final String schema;

	private OwnDatabase(String passUrl, String schema) {
		this.passUrl = passUrl;
		this.schema = schema;
	}

	/** A fresh one; {@code prefix} names the schema, e.g. {@code crash}. */
	public static OwnDatabase create(String prefix) throws SQLException {
		String pass = System.getProperty("spring.datasource.url", "");
		if (!pass.startsWith("jdbc:postgresql:")) {
			return new OwnDatabase(null, null);
		}
		String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute(pass, "CREATE SCHEMA " + schema);
		return new OwnDatabase(pass, schema);
	}

	/** Whether it is on PostgreSQL (the PostgreSQL pass). */
	public boolean postgres() {
		return this.schema != null;
	}

	/** Its JDBC URL, or null in the H2 pass (Vigil's default file). */
	public String url() {
		return postgres() ? withSchema(this.passUrl) : null;
	}

	/** The schema's name, or null in the H2 pass. */
	public String schema() {
		return this.schema;
	}

	/**
	 * {@code jdbcUrl}, a PostgreSQL database's, with this schema as the current one (for
	 * a copy of the database).
	 */
	public String withSchema(String jdbcUrl) {
		return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + this.schema;
	}

	/** {@code settings} and Vigil's setting for this database: its URL, or nothing. */
	public Map<String, String> with(Map<String, String> settings) {
		Map<String, String> all = new HashMap<>(settings);
		if (postgres()) {
			all.put("spring.datasource.url", url());
		}
		return all;
	}

	@Override
	public void close() throws SQLException {
		if (postgres()) {
			execute(this.passUrl, "DROP SCHEMA " + this.schema + " CASCADE");
		}
	}

	private static void execute(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}

package org.vigil.system;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

import org.springframework.core.env.Environment;

/**
 * What {@code spring.datasource.url} points at, in words a log line may show: the H2 file
 * as an absolute path, or the PostgreSQL host and database; never a user name or
 * password.
 */
final class DatabaseUrl {

	private static final String H2 = "jdbc:h2:";

	private static final String POSTGRESQL = "jdbc:postgresql:";

	private final String url;

	DatabaseUrl(String url) {
		this.url = url.strip();
	}

	static DatabaseUrl of(Environment environment) {
		return new DatabaseUrl(environment.getProperty("spring.datasource.url", ""));
	}

	boolean isJdbc() {
		return this.url.startsWith("jdbc:");
	}

	boolean isPostgresql() {
		return this.url.startsWith(POSTGRESQL);
	}

	/**
	 * The URL as it should have been written, without its parameters (which may hold a
	 * password).
	 */
	String withJdbcPrefix() {
		return "jdbc:" + withoutParameters(this.url);
	}

	/**
	 * The file an embedded H2 database keeps its data in, or null for any other database.
	 */
	Path h2File() {
		if (!this.url.startsWith(H2)) {
			return null;
		}
		String name = this.url.substring(H2.length()).split(";", 2)[0];
		if (name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:")) {
			return null;
		}
		name = name.startsWith("file:") ? name.substring("file:".length()) : name;
		name = name.startsWith("~") ? System.getProperty("user.home") + name.substring(1) : name;
		return Path.of(name + ".mv.db").toAbsolutePath().normalize();
	}

	/**
	 * For example "embedded H2 at /srv/vigil/data/vigil.mv.db" or "PostgreSQL database
	 * vigil at db:5432".
	 */
	String describe() {
		Path file = h2File();
		if (file != null) {
			return "embedded H2 at " + file;
		}
		if (this.url.startsWith(H2 + "mem:")) {
			return "in-memory H2 database " + this.url.substring((H2 + "mem:").length()).split(";", 2)[0]
					+ " (its data is gone when Vigil stops)";
		}
		if (isPostgresql()) {
			return "PostgreSQL database " + postgresqlDatabase() + " at " + postgresqlServer();
		}
		return withoutParameters(this.url).replaceAll("//[^/@]*@", "//");
	}

	/**
	 * host:port, or several of them, as the URL names them (PostgreSQL's default port
	 * when it names none).
	 */
	String postgresqlServer() {
		String rest = this.url.substring(POSTGRESQL.length());
		if (!rest.startsWith("//")) {
			return "localhost:5432";
		}
		String authority = rest.substring(2).split("[/?]", 2)[0];
		authority = authority.substring(authority.lastIndexOf('@') + 1);
		try {
			URI uri = new URI("postgresql://" + authority + "/");
			if (uri.getHost() != null) {
				return uri.getHost() + ":" + ((uri.getPort() != -1) ? uri.getPort() : 5432);
			}
		}
		catch (URISyntaxException ex) {
			// several hosts: shown as written
		}
		return authority;
	}

	String postgresqlDatabase() {
		String rest = withoutParameters(this.url.substring(POSTGRESQL.length()));
		return rest.startsWith("//") ? rest.substring(2).replaceFirst("^[^/]*/?", "") : rest;
	}

	private static String withoutParameters(String url) {
		return url.split("[?;]", 2)[0];
	}

}

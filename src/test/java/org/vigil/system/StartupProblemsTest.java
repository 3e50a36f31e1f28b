package org.vigil.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.VigilApplication;
import org.vigil.directory.StaffKeys;
import org.vigil.support.Instance;
import org.vigil.support.Schema;
import org.vigil.support.Await;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The mistakes a newcomer makes when starting Vigil each get one line saying what is
 * wrong and what to do, and no stack trace; a database that does not answer is given up
 * on within seconds. Tests that do not depend on the database run in the H2 pass only;
 * the others run on a fresh H2 file, or in the PostgreSQL pass on a fresh schema.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupProblemsTest {

	private static final String POSTGRESQL_PASS = "jdbc:postgresql:.*";

	private static final String PASS_URL = System.getProperty("spring.datasource.url", "");

	/** Before, the database was retried for 30 s, then came 200 lines of stack trace. */
	private static final Duration FEW_SECONDS = Duration.ofSeconds(15);

	/**
	 * The pool's retrying cut to half a second, where what is said is the point: the
	 * shipped five seconds are timed where nothing listens (the usual case, a database
	 * not up yet), and cost five seconds more in each other case.
	 */
	private static final String RETRY = "spring.datasource.hikari.initialization-fail-timeout";

	private final List<String> freshDatabases = new ArrayList<>();

	@Test
	@DisabledIfSystemProperty(named = "spring.datasource.url", matches = POSTGRESQL_PASS,
			disabledReason = "the H2 pass runs it")
	void aPortInUse(CapturedOutput output) throws IOException {
		try (ServerSocket other = new ServerSocket(0)) {
			int port = other.getLocalPort();
			refused(output, Map.of("server.port", String.valueOf(port), "spring.datasource.url", memoryDatabase()),
					"port " + port + " is in use. Stop the other program or set SERVER_PORT.");
		}
	}

	@Test
	@EnabledIfSystemProperty(named = "spring.datasource.url", matches = POSTGRESQL_PASS,
			disabledReason = "the PostgreSQL pass runs it")
	void aPostgresqlDatabaseThatDoesNotExist(CapturedOutput output) {
		String server = PASS_URL.replaceFirst("^jdbc:postgresql://([^/]+)/.*", "$1");
		String missing = "vigil_missing_" + UUID.randomUUID().toString().substring(0, 8);
		String url = PASS_URL.replaceFirst("//([^/]+)/[^?]*", "//$1/" + missing);
		toldWithinSeconds(refused(output, Map.of("spring.datasource.url", url),
				"the PostgreSQL database " + missing + " does not exist on " + server + ". Create it (createdb "
						+ missing + ") or fix SPRING_DATASOURCE_URL."));
	}

	@Test
	@DisabledIfSystemProperty(named = "spring.datasource.url", matches = POSTGRESQL_PASS,
			disabledReason = "the H2 pass runs it")
	void aDatabaseServerWhereNothingListens(CapturedOutput output) throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		String url = "jdbc:postgresql://127.0.0.1:" + closed + "/vigil";
		toldWithinSeconds(refused(output, Map.of("spring.datasource.url", url),
				"cannot reach PostgreSQL at 127.0.0.1:" + closed + " (Connection refused). "
						+ "Start the database or fix the host and port in SPRING_DATASOURCE_URL."));
	}

	@Test
	@DisabledIfSystemProperty(named = "spring.datasource.url", matches = POSTGRESQL_PASS,
			disabledReason = "the H2 pass runs it")
	void aDatabaseUrlWithoutJdbc(CapturedOutput output) {
		refused(output, Map.of("spring.datasource.url", "postgresql://127.0.0.1:5432/vigil?password=never-shown"),
				"SPRING_DATASOURCE_URL lacks the jdbc: prefix. Put it in front, e.g. jdbc:postgresql://127.0.0.1:5432/vigil.");
		assertThat(output.getAll()).doesNotContain("never-shown");
	}

	@Test
	@DisabledIfSystemProperty(named = "spring.datasource.url", matches = POSTGRESQL_PASS,
			disabledReason = "the H2 pass runs it")
	void anH2FileInUseByAnotherProcess(CapturedOutput output) throws Exception {
		String url = freshDatabase();
		Path file = Path.of(url.substring("jdbc:h2:file:".length()) + ".mv.db").toAbsolutePath().normalize();
		// H2 shares a database among the connections of one JVM, so the lock is held by
		// another one.
		Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
				"org.h2.tools.Shell", "-url", url, "-user", "sa")
			.redirectErrorStream(true)
			.start();
		try {
			awaitPrompt(other.getInputStream());
			toldWithinSeconds(refused(output, Map.of("spring.datasource.url", url, RETRY, "500"), "the data file "
					+ file
					+ " is in use by another Vigil (or another program). Stop the other Vigil, or give this one its own "
					+ "data directory: SPRING_DATASOURCE_URL=jdbc:h2:file:/another/directory/vigil."));
		}
		finally {
			other.destroy();
			other.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	@DisabledIfSystemProperty(named = "spring.datasource.url", matches = POSTGRESQL_PASS,
			disabledReason = "the H2 pass runs it")
	void aWrongDatabaseUser(CapturedOutput output) throws SQLException {
		String url = freshDatabase();
		DriverManager.getConnection(url, "sa", "").close();
		Path file = Path.of(url.substring("jdbc:h2:file:".length()) + ".mv.db").toAbsolutePath().normalize();
		toldWithinSeconds(refused(output,
				Map.of("spring.datasource.url", url, "spring.datasource.username", "intruder", RETRY, "500"),
				"the embedded H2 at " + file + " refused the user name or password. "
						+ "Check SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD."));
	}

	@Test
	void aBootstrapTokenTooShort(CapturedOutput output) throws SQLException {
		refused(output, Map.of("spring.datasource.url", freshDatabase(), "vigil.bootstrap-token", "admin123"),
				"VIGIL_BOOTSTRAP_TOKEN must be at least 20 characters without spaces (it has 8). "
						+ "Make one with: VIGIL_BOOTSTRAP_TOKEN=$(openssl rand -hex 20)");
		assertThat(output.getAll()).doesNotContain("admin123");
	}

	@Test
	@DisabledIfSystemProperty(named = "spring.datasource.url", matches = POSTGRESQL_PASS,
			disabledReason = "the H2 pass runs it")
	void aTrustedProxyThatIsNoAddress(CapturedOutput output) {
		refused(output,
				Map.of("spring.datasource.url", memoryDatabase(), "vigil.trusted-proxies", "10.0.0.0/8,proxy.lan"),
				"VIGIL_TRUSTED_PROXIES holds \"proxy.lan\", which is neither an address nor a CIDR network. "
						+ "Give the proxies' addresses or networks separated by commas, "
						+ "e.g. VIGIL_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8.");
	}

	@Test
	@DisabledIfSystemProperty(named = "spring.datasource.url", matches = POSTGRESQL_PASS,
			disabledReason = "the H2 pass runs it")
	void forwardingHeadersBelievedFromAnyone(CapturedOutput output) {
		refused(output,
				Map.of("spring.datasource.url", memoryDatabase(), "server.forward-headers-strategy", "framework"),
				"SERVER_FORWARD_HEADERS_STRATEGY=framework would believe forwarding headers from any client. "
						+ "Remove it: Vigil believes them from VIGIL_TRUSTED_PROXIES only.");
	}

	@Test
	void aMistypedAllowHostsEntry(CapturedOutput output) throws SQLException {
		refused(output,
				Map.of("spring.datasource.url", freshDatabase(), "vigil.notify.allow-hosts",
						"alertmanager.internal,10.0.0.0/33"),
				"VIGIL_NOTIFY_ALLOW_HOSTS: \"10.0.0.0/33\" is not a valid address or CIDR network. Give host names, "
						+ "addresses and CIDR networks separated by commas, "
						+ "e.g. VIGIL_NOTIFY_ALLOW_HOSTS=alertmanager.internal,10.20.0.0/16.");
	}

	@Test
	void aDatabaseMigratedByANewerVigil(CapturedOutput output) throws SQLException {
		String url = freshDatabase();
		Flyway flyway = Schema.flyway(url, "sa", "");
		flyway.migrate();
		String known = flyway.info().current().getVersion().getVersion();
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			statement
				.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", "
						+ "\"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES "
						+ "(999, '999', 'from a newer Vigil', 'SQL', 'V999__from_a_newer_vigil.sql', 1, 'sa', 1, TRUE)");
		}

		refused(output, Map.of("spring.datasource.url", url),
				"the database was migrated by a newer Vigil (schema version 999, " + "this Vigil knows up to " + known
						+ "). Run the newer Vigil or restore a backup.");
	}

	@Test
	void aFreshInstallWithoutABootstrapTokenWarnsLoudlyThatNobodyCanSignIn(CapturedOutput output) throws SQLException {
		Map<String, String> withoutToken = Map.of("spring.datasource.url", freshDatabase(), "vigil.bootstrap-token",
				"");
		try (Instance vigil = Instance.start(withoutToken)) {
			assertThat(output.getAll()).contains("WARN")
				.contains("Nobody can sign in")
				.contains("VIGIL_BOOTSTRAP_TOKEN=$(openssl rand -hex 20)");
			vigil.bean(TransactionTemplate.class)
				.executeWithoutResult((status) -> vigil.bean(StaffKeys.class)
					.grant("operator", "a-staff-key-of-some-length", "manual"));
		}
		// A staff user who can sign in: no warning, token or not.
		try (Instance vigil = Instance.start(withoutToken)) {
			assertThat(output.getAll().split("Nobody can sign in", -1)).hasSize(2);
		}
	}

	@Test
	void logsWhereTheDataIs(CapturedOutput output) throws SQLException {
		String url = freshDatabase();
		String name = this.freshDatabases.get(0);
		boolean postgresql = PASS_URL.startsWith("jdbc:postgresql:");
		try (Instance vigil = Instance
			.start(Map.of("spring.datasource.url", postgresql ? url + "&password=never-shown" : url,
					"logging.level.org.vigil.system.DataLocation", "info"))) {
			assertThat(output.getAll()).doesNotContain("never-shown")
				.contains(postgresql
						? PASS_URL.replaceFirst("^jdbc:postgresql://([^/]+)/([^?]+).*",
								"Data: PostgreSQL database $2 at $1")
						: "Data: embedded H2 at " + System.getProperty("user.dir") + "/target/" + name
								+ "/vigil.mv.db");
		}
	}

	@AfterEach
	void dropFreshDatabases() throws SQLException {
		for (String name : this.freshDatabases) {
			if (PASS_URL.startsWith("jdbc:postgresql:")) {
				try (Connection connection = DriverManager.getConnection(PASS_URL);
						Statement statement = connection.createStatement()) {
					statement.execute("DROP SCHEMA " + name + " CASCADE");
				}
			}
			else {
				FileSystemUtils.deleteRecursively(Path.of("target", name).toFile());
			}
		}
	}

	/**
	 * Starting Vigil with these settings fails, and the console says why in one line
	 * without a stack trace.
	 */
	private static String refused(CapturedOutput output, Map<String, String> settings, String line) {
		// The pool's "Starting..." line times the failure (toldWithinSeconds); the tests'
		// console shows only warnings otherwise.
		Map<String, String> all = new HashMap<>(
				Map.of("server.port", "0", "logging.level.com.zaxxer.hikari.HikariDataSource", "info"));
		all.putAll(settings);
		String[] args = all.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		assertThatThrownBy(
				() -> new SpringApplicationBuilder(VigilApplication.class).profiles("test").run(args).close())
			.isNotNull();

		String console = output.getAll();
		assertThat(console).contains("Vigil did not start: " + line + System.lineSeparator());
		assertThat(console.split("Vigil did not start", -1)).hasSize(2);
		// No stack trace, and nothing else retelling the failure (they name its exception
		// classes).
		assertThat(console).doesNotContain("\tat ")
			.doesNotContain("Exception")
			.doesNotContain("APPLICATION FAILED TO START");
		return console;
	}

	/**
	 * The silence that was 30 s: from the first try to connect to the line that says why
	 * it failed, by the console's own timestamps (the start-up before it takes long on a
	 * loaded machine).
	 */
	private static void toldWithinSeconds(String console) {
		List<String> lines = console.lines().toList();
		String asked = lines.stream()
			.filter((l) -> l.matches(".*HikariPool-\\d+ - Starting\\.\\.\\."))
			.reduce((first, last) -> last)
			.orElseThrow();
		String told = lines.stream().filter((l) -> l.contains("Vigil did not start: ")).findFirst().orElseThrow();
		assertThat(Duration.between(timestamp(asked), timestamp(told))).isLessThan(FEW_SECONDS);
	}

	private static OffsetDateTime timestamp(String line) {
		return OffsetDateTime.parse(line.substring(0, line.indexOf(' ')));
	}

	/**
	 * An empty database of this test's own: an H2 file under target/ named relatively, or
	 * a PostgreSQL schema.
	 */
	private String freshDatabase() throws SQLException {
		String name = "startup_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.freshDatabases.add(name);
		if (PASS_URL.startsWith("jdbc:postgresql:")) {
			try (Connection connection = DriverManager.getConnection(PASS_URL);
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE SCHEMA " + name);
			}
			return PASS_URL + (PASS_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
		}
		return "jdbc:h2:file:./target/" + name + "/vigil";
	}

	private static String memoryDatabase() {
		return "jdbc:h2:mem:startup-" + UUID.randomUUID();
	}

	/** The H2 shell prints its prompt once it holds the database open. */
	private static void awaitPrompt(InputStream shell) {
		StringBuilder seen = new StringBuilder();
		Await.atMost(Duration.ofSeconds(30)).alias("the H2 shell opens the database").until(() -> {
			if (shell.available() > 0) {
				seen.append(new String(shell.readNBytes(shell.available()), StandardCharsets.UTF_8));
			}
			return seen.toString().contains("sql>");
		});
	}

}

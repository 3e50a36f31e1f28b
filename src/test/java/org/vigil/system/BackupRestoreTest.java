package org.vigil.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.support.Api.Response;
import org.vigil.support.Beside;
import org.vigil.support.Fixtures;
import org.vigil.support.OwnDatabase;
import org.vigil.support.VigilProcess;

/**
 * The backup and restore of docs/deployment.md, done as written: for the embedded store,
 * stop Vigil, copy {@code data/}, start on the copy; for PostgreSQL, {@code pg_dump -Fc}
 * while Vigil runs and {@code pg_restore} into a new database. Either way the restored
 * Vigil has the customer, the offering, the status with its history, and the admin's key.
 * Runs the embedded case in the H2 pass and the PostgreSQL case in the PostgreSQL pass.
 */
@Beside
class BackupRestoreTest {

	private static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	private static final String STATUSES = "/api/marketplace-integration-statuses/";

	@Test
	void theRestoredCopyHasEverythingThatWasAcknowledged(@TempDir Path directory) throws Exception {
		try (OwnDatabase database = OwnDatabase.create("backup")) {
			if (database.postgres()) {
				restoresPostgresql(database, directory);
			}
			else {
				restoresTheEmbeddedStore(directory);
			}
		}
	}

	private void restoresTheEmbeddedStore(Path directory) throws Exception {
		Path live = Files.createDirectories(directory.resolve("live"));
		Path restored = Files.createDirectories(directory.resolve("restored"));
		String offering;
		try (VigilProcess vigil = VigilProcess.start("backup-h2", live, Map.of("vigil.bootstrap-token", ADMIN))) {
			offering = writeSomething(vigil);
		}
		// cp -a data/ /backup/ while stopped, and back
		try (Stream<Path> files = Files.list(live.resolve("data"))) {
			Path data = Files.createDirectories(restored.resolve("data"));
			for (Path file : files.toList()) {
				Files.copy(file, data.resolve(file.getFileName()));
			}
		}
		try (VigilProcess vigil = VigilProcess.start("restore-h2", restored, Map.of())) {
			assertHasIt(vigil, offering);
		}
	}

	/**
	 * pg_dump of the test's own schema, restored into a new database where Vigil finds it
	 * under the same name.
	 */
	private void restoresPostgresql(OwnDatabase database, Path directory) throws Exception {
		// jdbc:postgresql://host:port/db?user=postgres is a libpq URI once "jdbc:" is
		// gone.
		String source = System.getProperty("spring.datasource.url").substring("jdbc:".length());
		String copyName = "vigil_restore_" + ProcessHandle.current().pid();
		String copy = source.replaceFirst("/[^/?]+(\\?|$)", "/" + copyName + "$1");
		String admin = source.replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
		Path dump = directory.resolve("vigil.dump");
		String offering;
		try (VigilProcess vigil = VigilProcess.start("backup-postgresql", directory,
				database.with(Map.of("vigil.bootstrap-token", ADMIN)))) {
			offering = writeSomething(vigil);
			run("pg_dump", "--format=custom", "--schema=" + database.schema(), "--file=" + dump, "--dbname=" + source);
		}
		run("psql", "--quiet", "--dbname=" + admin, "-c", "DROP DATABASE IF EXISTS " + copyName, "-c",
				"CREATE DATABASE " + copyName);
		try {
			run("pg_restore", "--no-owner", "--dbname=" + copy, dump.toString());
			try (VigilProcess vigil = VigilProcess.start("restore-postgresql", directory,
					Map.of("spring.datasource.url", database.withSchema("jdbc:" + copy)))) {
				assertHasIt(vigil, offering);
			}
		}
		finally {
			run("psql", "--quiet", "--dbname=" + admin, "-c", "DROP DATABASE IF EXISTS " + copyName + " WITH (FORCE)");
		}
	}

	/**
	 * A customer, an offering and a status with its first event; returns the offering.
	 */
	private static String writeSomething(VigilProcess vigil) {
		Fixtures fixtures = vigil.fixtures(ADMIN);
		String offering = fixtures.offering(fixtures.customer("Backed up"), "HPC");
		Response checkIn = vigil.api()
			.post(STATUSES + "check_in/", ADMIN, Map.of("offering_uuid", offering, "agent_type", "Order processing"));
		assertThat(checkIn.status()).as(checkIn.toString()).isEqualTo(200);
		return offering;
	}

	private static void assertHasIt(VigilProcess vigil, String offering) {
		// No bootstrap key is configured for the restored Vigil: the key works because
		// the
		// backup holds its digest.
		Response statuses = vigil.api().get(STATUSES + "?offering_uuid=" + offering, ADMIN);
		assertThat(statuses.status()).as(statuses.toString()).isEqualTo(200);
		assertThat(statuses.list()).singleElement()
			.satisfies((status) -> assertThat(status).containsEntry("status", "Active")
				.containsEntry("agent_type", "Order processing"));
		Response history = vigil.api()
			.get("/api/marketplace-integration-status-events/?offering_uuid=" + offering, ADMIN);
		assertThat(history.list()).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("to_status", "Active"));
	}

	private static void run(String... command) throws Exception {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (java.io.IOException ex) {
			fail(command[0] + " is needed for this test (apt-get install postgresql-client): " + ex.getMessage());
			return;
		}
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			fail(String.join(" ", List.of(command)) + " failed: " + output);
		}
	}

}

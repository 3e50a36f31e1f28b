package org.vigil;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.vigil.db.Tables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each table belongs to one feature, and only that feature's code writes it. Reading
 * another feature's table is allowed (lists join offerings and customers, alerts read
 * statuses); writing it is not: the owner offers a method for the write instead.
 *
 * <p>
 * ArchUnit sees which classes a method touches but not which table is the argument of
 * {@code insertInto}, so this test reads the sources: every {@code insertInto(T},
 * {@code update(T}, {@code deleteFrom(T}, {@code delete(T}, {@code mergeInto(T} and
 * {@code truncate(T} in {@code src/main/java/org/vigil}, with {@code T} a table constant
 * ({@code CUSTOMER}, {@code Tables.CUSTOMER}) or a name declared in the same file as an
 * alias of one ({@code STATE = ALERT_STATE}, {@code OFFERING.as("p")},
 * {@code table(name("integration_status_tally"))}). An upper-case argument it cannot
 * resolve fails the test, so a new way of naming a table is not silently missed. SQL
 * written as text (triggers, migrations) is not scanned.
 */
class TableOwnershipTest {

	private static final Path SOURCES = Paths.get("src/main/java/org/vigil");

	/** Each table and the feature package that owns it. */
	private static final Map<String, String> OWNERS = owners();

	private static Map<String, String> owners() {
		Map<String, String> owners = new HashMap<>();
		owns(owners, "directory", "account", "customer", "customer_role", "offering", "offering_role", "token",
				"token_offering");
		owns(owners, "status", "integration_status", "status_event", "integration_status_tally");
		owns(owners, "liveness", "liveness_heartbeat");
		owns(owners, "alerts", "alert_outbox", "alert_pending", "alert_planner", "alert_planner_event",
				"alert_planner_group", "alert_state", "maintenance_window", "maintenance_window_offering",
				"notification", "notification_attempt", "notification_channel", "notification_channel_offering",
				"notification_item");
		owns(owners, "mirror", "mirror_source", "mirror_source_event");
		owns(owners, "audit", "audit_event");
		owns(owners, "auth", "auth_epoch");
		owns(owners, "agents", "site_agent", "site_agent_service", "site_agent_processor");
		return owners;
	}

	private static void owns(Map<String, String> owners, String feature, String... tables) {
		for (String table : tables) {
			owners.put(table, feature);
		}
	}

	/**
	 * Writes across features that are known and have a plan ("file of the writer ->
	 * table"). None is left, and the list only shrinks: a feature that must change
	 * another's table asks the owner, by a method it offers or a listener it registers
	 * (docs/design.md, Domain).
	 */
	private static final Set<String> KNOWN_EXCEPTIONS = Set.of();

	private static final Pattern WRITE = Pattern
		.compile("\\b(insertInto|update|deleteFrom|delete|mergeInto|truncate)\\s*\\(\\s*"
				// a qualified name: org.vigil.db.Tables.CUSTOMER, Customer.CUSTOMER
				+ "(?:[a-z]\\w*\\.)*(?:[A-Z][a-z]\\w*\\.)?(\\w+)");

	/** {@code NAME = TABLE;} or {@code NAME = TABLE.as("x");} */
	private static final Pattern ALIAS = Pattern.compile(
			"\\b(\\w+)\\s*=\\s*(?:[a-z]\\w*\\.)*(?:[A-Z][a-z]\\w*\\.)?([A-Z][A-Z0-9_]*)\\s*(?:\\.as\\([^)]*\\))?\\s*;");

	/** {@code NAME = table(name("x"));} */
	private static final Pattern NAMED = Pattern
		.compile("\\b(\\w+)\\s*=\\s*(?:DSL\\.)?table\\(\\s*(?:DSL\\.)?name\\(\\s*\"(\\w+)\"\\s*\\)\\s*\\)");

	@Test
	void everyGeneratedTableHasAnOwner() throws IllegalAccessException {
		Set<String> unowned = new TreeSet<>();
		for (String table : generatedTables().values()) {
			if (!OWNERS.containsKey(table)) {
				unowned.add(table);
			}
		}
		assertThat(unowned).as("tables with no owner in TableOwnershipTest.OWNERS").isEmpty();
	}

	@Test
	void onlyTheOwnerWritesATable() throws IOException, IllegalAccessException {
		assertThat(writesAcrossFeatures(SOURCES)).as("writes of another feature's table").isEmpty();
	}

	@Test
	void theKnownExceptionsAreStillThere() throws IOException, IllegalAccessException {
		// An exception that went away must leave the list, so the list only shrinks.
		Set<String> found = new TreeSet<>();
		for (String write : writes(SOURCES)) {
			if (KNOWN_EXCEPTIONS.contains(write.replaceFirst(":\\d+", ""))) {
				found.add(write.replaceFirst(":\\d+", ""));
			}
		}
		assertThat(found).containsExactlyInAnyOrderElementsOf(KNOWN_EXCEPTIONS);
	}

	@Test
	void aPlantedWriteAcrossFeaturesFails(@org.junit.jupiter.api.io.TempDir Path dir)
			throws IOException, IllegalAccessException {
		Path mirror = Files.createDirectories(dir.resolve("mirror"));
		Files.writeString(mirror.resolve("Planted.java"), """
				class Planted {
					private static final org.vigil.db.tables.Customer C = Tables.CUSTOMER.as("c");
					void plant() {
						db.insertInto(OFFERING, OFFERING.NAME).values("x").execute();
						db.deleteFrom(C).execute();
						db.update(MIRROR_SOURCE).set(MIRROR_SOURCE.NAME, "y").execute();
						db.update(org.vigil.db.Tables.TOKEN).set(TOKEN.LABEL, "z").execute();
					}
				}
				""");
		assertThat(writesAcrossFeatures(dir)).containsExactly("mirror/Planted.java:4 -> offering",
				"mirror/Planted.java:5 -> customer", "mirror/Planted.java:7 -> token");
		Files.writeString(mirror.resolve("Planted.java"), "class Planted { void p() { db.update(SOMETHING); } }");
		assertThat(writesAcrossFeatures(dir)).containsExactly("mirror/Planted.java:1 -> unknown table SOMETHING");
	}

	private static List<String> writesAcrossFeatures(Path root) throws IOException, IllegalAccessException {
		List<String> found = new ArrayList<>();
		for (String write : writes(root)) {
			String feature = write.substring(0, write.indexOf('/'));
			String table = write.substring(write.indexOf(" -> ") + 4);
			if (!feature.equals(OWNERS.get(table)) && !KNOWN_EXCEPTIONS.contains(write.replaceFirst(":\\d+", ""))) {
				found.add(write);
			}
		}
		return found;
	}

	/** Every write in the sources under root, as "feature/File.java:line -> table". */
	private static List<String> writes(Path root) throws IOException, IllegalAccessException {
		Map<String, String> constants = generatedTables();
		List<String> found = new ArrayList<>();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(root)) {
			files = walk.filter((p) -> p.toString().endsWith(".java")).sorted().toList();
		}
		for (Path file : files) {
			String text = Files.readString(file);
			Map<String, String> names = new HashMap<>(constants);
			Matcher alias = ALIAS.matcher(text);
			while (alias.find()) {
				if (constants.containsKey(alias.group(2))) {
					names.put(alias.group(1), constants.get(alias.group(2)));
				}
			}
			Matcher named = NAMED.matcher(text);
			while (named.find()) {
				names.put(named.group(1), named.group(2));
			}
			String where = root.relativize(file).toString().replace('\\', '/');
			Matcher write = WRITE.matcher(text);
			while (write.find()) {
				String argument = write.group(2);
				String table = names.get(argument);
				String line = where + ":" + (text.substring(0, write.start()).split("\n", -1).length);
				if (table != null) {
					found.add(line + " -> " + table);
				}
				else if (argument.matches("[A-Z][A-Z0-9_]*")) {
					found.add(line + " -> unknown table " + argument);
				}
				// Anything else is a method of our own (update(Caller caller, ...)) or a
				// local variable not assigned from a table constant.
			}
		}
		return found;
	}

	/** The constants of jOOQ's generated {@code Tables} and the tables they name. */
	private static Map<String, String> generatedTables() throws IllegalAccessException {
		Map<String, String> tables = new HashMap<>();
		for (Field field : Tables.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && Table.class.isAssignableFrom(field.getType())) {
				tables.put(field.getName(), ((Table<?>) field.get(null)).getName().toLowerCase());
			}
		}
		return tables;
	}

}

package org.vigil.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.support.Beside;
import org.vigil.support.OneStore;
import org.vigil.support.OwnDatabase;
import org.vigil.support.VigilProcess;

/**
 * Every example of the README and docs/ runs as a newcomer pastes it: the shell blocks,
 * in reading order, in one {@code bash -euo pipefail} session against Vigil started as
 * the skipped start blocks say (their {@code VIGIL_...=value} settings and a bootstrap
 * token), in a process of its own on an H2 file or, in the PostgreSQL pass, on a fresh
 * schema. Blocks marked {@code <!-- example: not run (why) -->} are listed with their
 * reason.
 */
@OneStore
@Beside
class ExamplesTest {

	private static final String ADMIN = "docs-bootstrap-key-0123456789abcdef";

	private static final Duration PER_BLOCK = Duration.ofSeconds(90);

	/** A setting a start block gives Vigil, such as VIGIL_LIVENESS_TIMEOUTS_..=PT10S. */
	private static final Pattern SETTING = Pattern.compile("\\b(VIGIL_[A-Z0-9_]+)=([A-Za-z0-9.:/-]+)(?=\\s)");

	private static final String STARTED_BY_THE_TEST = "ExamplesTest starts it itself";

	@Test
	void everyExampleRunsInOrderAgainstALiveVigil(@TempDir Path directory) throws Exception {
		assumeTrue(Stream.of("bash", "curl", "jq").allMatch(ExamplesTest::onPath),
				"bash, curl and jq are needed to run the docs' examples");
		List<DocExample> examples = DocExample.all(Path.of("").toAbsolutePath());
		List<DocExample> running = examples.stream().filter(DocExample::runs).toList();
		assertThat(running.size()).as("shell blocks that run").isGreaterThanOrEqualTo(8);
		StringBuilder notRun = new StringBuilder();
		examples.stream()
			.filter((e) -> !e.runs())
			.forEach((e) -> notRun.append("\n  ").append(e.where()).append(": ").append(e.notRun()));
		System.out.println("ExamplesTest: running " + running.size() + " shell blocks; not run:" + notRun);

		Map<String, String> environment = startSettings(examples);
		environment.put("VIGIL_BOOTSTRAP_TOKEN", ADMIN);
		Path server = Files.createDirectories(directory.resolve("server"));
		Path reader = Files.createDirectories(directory.resolve("reader"));
		try (OwnDatabase database = OwnDatabase.create("docs");
				VigilProcess vigil = VigilProcess.start(database.postgres() ? "docs-postgresql" : "docs-h2", server,
						database.with(Map.of()), environment);
				ShellSession shell = new ShellSession(reader,
						Map.of("VIGIL_BOOTSTRAP_TOKEN", ADMIN, "SERVER_PORT", String.valueOf(vigil.port())))) {
			for (DocExample example : running) {
				shell.run(example, PER_BLOCK);
			}
		}
	}

	@Test
	void aBrokenExampleFailsWithItsTextAndOutput(@TempDir Path directory) throws Exception {
		assumeTrue(onPath("bash"), "bash is needed to run the docs' examples");
		DocExample defines = new DocExample("docs/x.md", 3, "GREETING=hello", null);
		DocExample broken = new DocExample("docs/x.md", 9, "echo \"$GREETING from the block\"\nfalse\necho never",
				null);
		try (ShellSession shell = new ShellSession(directory, Map.of())) {
			shell.run(defines, PER_BLOCK);
			assertThatThrownBy(() -> shell.run(broken, PER_BLOCK)).isInstanceOf(AssertionError.class)
				.hasMessageContaining("docs/x.md:9 failed with exit code 1")
				.hasMessageContaining("false\necho never")
				.hasMessageContaining("hello from the block")
				.satisfies((failure) -> assertThat(failure.getMessage().split("--- its output:")[1])
					.as("ran after the failure")
					.doesNotContain("never"));
		}
	}

	@Test
	void blocksAreFoundWithTheirMarks() {
		List<DocExample> found = DocExample.in("docs/x.md", List.of("text", "<!-- example: not run (runs forever) -->",
				"```sh", "while true; do :; done", "```", "```json", "{}", "```", "```bash", "echo hi", "```"));
		assertThat(found).containsExactly(new DocExample("docs/x.md", 3, "while true; do :; done", "runs forever"),
				new DocExample("docs/x.md", 9, "echo hi", null));
		assertThatThrownBy(() -> DocExample.in("docs/x.md", List.of("<!-- example: skip -->", "```sh", "x", "```")))
			.hasMessageContaining("<!-- example: not run (why) -->");
	}

	/**
	 * The VIGIL_... settings of the start blocks the test stands in for, so that the
	 * server runs as the reader's does.
	 */
	private static Map<String, String> startSettings(List<DocExample> examples) {
		Map<String, String> environment = new HashMap<>();
		examples.stream().filter((e) -> !e.runs() && e.notRun().contains(STARTED_BY_THE_TEST)).forEach((e) -> {
			Matcher setting = SETTING.matcher(e.text());
			while (setting.find()) {
				environment.put(setting.group(1), setting.group(2));
			}
		});
		assertThat(environment).as("settings of the start blocks").isNotEmpty();
		return environment;
	}

	private static boolean onPath(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, command)));
	}

}

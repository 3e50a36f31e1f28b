package org.vigil.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A shell block of the README or docs/: a fenced {@code sh} (or {@code bash}) block runs
 * as it is, unless the line before it is {@code <!-- example: not run (why) -->}.
 *
 * @param file where it is, relative to the repository
 * @param line the line of its opening fence
 * @param text its lines
 * @param notRun why it is not run, or null when it runs
 */
record DocExample(String file, int line, String text, String notRun) {

	private static final Set<String> SHELL = Set.of("sh", "bash", "shell");

	private static final Pattern MARK = Pattern.compile("<!-- example: not run \\((.+)\\) -->");

	/**
	 * The order a newcomer reads them in: the README, the walk-through, then the rest.
	 */
	private static final List<String> FIRST = List.of("README.md", "docs/api.md", "docs/alerts.md");

	boolean runs() {
		return this.notRun == null;
	}

	String where() {
		return this.file + ":" + this.line;
	}

	static List<DocExample> all(Path repository) throws IOException {
		List<String> files = new ArrayList<>(FIRST);
		try (Stream<Path> docs = Files.list(repository.resolve("docs"))) {
			docs.map((p) -> "docs/" + p.getFileName())
				.filter((f) -> f.endsWith(".md") && !files.contains(f))
				.sorted()
				.forEach(files::add);
		}
		List<DocExample> examples = new ArrayList<>();
		for (String file : files) {
			examples.addAll(in(file, Files.readAllLines(repository.resolve(file))));
		}
		return examples;
	}

	static List<DocExample> in(String file, List<String> lines) {
		List<DocExample> examples = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String fence = lines.get(i).strip();
			if (!fence.startsWith("```")) {
				continue;
			}
			int end = i + 1;
			while (end < lines.size() && !lines.get(end).strip().equals("```")) {
				end++;
			}
			if (end == lines.size()) {
				throw new IllegalStateException(file + ":" + (i + 1) + ": a code block that never ends");
			}
			if (SHELL.contains(fence.substring(3).strip())) {
				examples.add(new DocExample(file, i + 1, String.join("\n", lines.subList(i + 1, end)),
						notRun(file, lines, i)));
			}
			i = end;
		}
		return examples;
	}

	private static String notRun(String file, List<String> lines, int fence) {
		if (fence == 0 || !lines.get(fence - 1).contains("<!-- example:")) {
			return null;
		}
		Matcher mark = MARK.matcher(lines.get(fence - 1).strip());
		if (!mark.matches()) {
			throw new IllegalStateException(file + ":" + fence
					+ ": write the mark as <!-- example: not run (why) -->, not " + lines.get(fence - 1));
		}
		return mark.group(1);
	}

}

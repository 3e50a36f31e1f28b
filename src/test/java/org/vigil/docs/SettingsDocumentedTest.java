package org.vigil.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every VIGIL_ setting the code reads (the components of each
 * {@code @ConfigurationProperties} record, nested ones included, and the
 * {@code ${vigil...}} placeholders) is named in the README or docs/: in full, or as
 * {@code ..._SUFFIX} beside a sibling written in full.
 */
@OneStore
class SettingsDocumentedTest {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(vigil\\.[a-z0-9.-]+)");

	@Test
	void everySettingIsInTheReadmeOrTheDocs() throws Exception {
		String docs = docs();
		Set<String> settings = settings();
		assertThat(settings).as("settings found in the code").hasSizeGreaterThan(40);
		List<String> missing = settings.stream().filter((name) -> !documented(name, docs)).toList();
		assertThat(missing).as("settings named nowhere in README.md or docs/").isEmpty();
	}

	private static boolean documented(String name, String docs) {
		if (docs.contains("`" + name + "`") || docs.contains(name + "=") || docs.contains("`" + name + ",")) {
			return true;
		}
		int cut = name.lastIndexOf('_', name.length() - 1);
		while (cut > 0) {
			String suffix = name.substring(cut);
			String prefix = name.substring(0, cut);
			if (docs.contains("..." + suffix) && docs.contains(prefix + "_")) {
				return true;
			}
			cut = name.lastIndexOf('_', cut - 1);
		}
		return false;
	}

	private static Set<String> settings() throws Exception {
		Set<String> names = new TreeSet<>();
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		for (var candidate : scanner.findCandidateComponents("org.vigil")) {
			Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), null);
			String prefix = type.getAnnotation(ConfigurationProperties.class).value();
			collect(type, environmentName(prefix), names);
		}
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			for (Path source : sources.filter((p) -> p.toString().endsWith(".java")).toList()) {
				Matcher placeholder = PLACEHOLDER.matcher(Files.readString(source));
				while (placeholder.find()) {
					names.add(environmentName(placeholder.group(1)));
				}
			}
		}
		return names;
	}

	private static void collect(Class<?> type, String prefix, Set<String> names) {
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "_" + environmentName(component.getName());
			if (component.getType().isRecord()) {
				collect(component.getType(), name, names);
			}
			else {
				names.add(name);
			}
		}
	}

	/** vigil.notify.group-wait and groupWait alike become VIGIL_NOTIFY_GROUP_WAIT. */
	private static String environmentName(String property) {
		return property.replaceAll("([a-z])([A-Z])", "$1_$2")
			.replace('.', '_')
			.replace('-', '_')
			.toUpperCase(Locale.ROOT);
	}

	private static String docs() throws IOException {
		List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			docs.filter((p) -> p.toString().endsWith(".md")).forEach(files::add);
		}
		return files.stream().map(SettingsDocumentedTest::read).collect(Collectors.joining("\n"));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}

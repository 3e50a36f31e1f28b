package org.vigil.support;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Says on the console, in one line per test class and reason, which tests were skipped
 * and why (a missing browser or Node, a test for the other database's pass): the build's
 * summary only counts them. Registered for every test
 * (src/test/resources/META-INF/services and junit-platform.properties).
 */
public class SkipReasons implements TestWatcher, AfterAllCallback {

	private static final ExtensionContext.Namespace SKIPS = ExtensionContext.Namespace.create(SkipReasons.class);

	@Override
	public void testAborted(ExtensionContext context, Throwable cause) {
		skipped(context, (cause != null && cause.getMessage() != null) ? cause.getMessage() : "assumption failed");
	}

	@Override
	public void testDisabled(ExtensionContext context, Optional<String> reason) {
		skipped(context, reason.orElse("disabled"));
	}

	private static void skipped(ExtensionContext context, String reason) {
		ExtensionContext owner = context.getParent().orElse(context);
		reasons(owner).merge(reason.replaceFirst("^Assumption failed: ", "").lines().findFirst().orElse(reason), 1,
				Integer::sum);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Integer> reasons(ExtensionContext owner) {
		return owner.getStore(SKIPS).computeIfAbsent("reasons", (k) -> new TreeMap<String, Integer>(), Map.class);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		reasons(context).forEach((reason, count) -> System.out.println("SKIPPED " + count + " test"
				+ ((count == 1) ? "" : "s") + " of " + context.getRequiredTestClass().getSimpleName() + ": " + reason));
	}

}

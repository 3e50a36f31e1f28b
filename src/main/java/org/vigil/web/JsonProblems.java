package org.vigil.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * A JSON syntax error said in the caller's terms: what is wrong and where, without the
 * parser's internals (its feature switches and limits).
 */
final class JsonProblems {

	private static final Pattern CHARACTER = Pattern.compile("\\(?('.*?') \\(code \\d+\\)\\)?");

	private static final Pattern CONTROL_CHARACTER = Pattern.compile("\\(\\((CTRL-CHAR), code (\\d+)\\)\\)");

	/** Where the parser's advice about its own settings begins. */
	private static final Pattern PARSER_ADVICE = Pattern.compile(
			"\\s*(?:[;:(]\\s*)?(?:\\(?(?:enable|disable|not recognized|maybe a \\(non-standard\\)|start marker)|\\bor enable\\b|\\bFeature\\b|\\[Source|`).*",
			Pattern.DOTALL);

	private JsonProblems() {
	}

	static String describe(JacksonException ex) {
		if (ex instanceof StreamConstraintsException) {
			return "JSON parse error: the document is nested too deeply or has a value too long" + where(ex) + ".";
		}
		String message = String.valueOf(ex.getOriginalMessage()).lines().findFirst().orElse("");
		message = CHARACTER.matcher(message).replaceAll((m) -> Matcher.quoteReplacement(m.group(1)));
		message = CONTROL_CHARACTER.matcher(message).replaceAll((m) -> "(control character " + m.group(2) + ")");
		message = PARSER_ADVICE.matcher(message).replaceFirst("");
		if (message.isBlank()) {
			message = "not valid JSON";
		}
		return "JSON parse error: " + Character.toLowerCase(message.charAt(0)) + message.substring(1) + where(ex) + ".";
	}

	private static String where(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		return (location == null || location.getLineNr() < 1) ? ""
				: " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

}

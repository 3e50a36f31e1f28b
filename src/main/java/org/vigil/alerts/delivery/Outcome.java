package org.vigil.alerts.delivery;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What came of one try to deliver: {@code summary} is short ("HTTP 200", the SMTP reply,
 * "timeout"), {@code error} an excerpt of what went wrong (never a whole response body).
 * Staff see both; anyone else sees the outcome only, reduced to words that say nothing of
 * the network behind the receiver ({@link #forNonStaff}).
 */
public record Outcome(boolean succeeded, String summary, Integer httpStatus, int latencyMs, String error) {

	static final int OUTCOME_LENGTH = 200;

	static final int ERROR_LENGTH = 500;

	/** No answer within the connect or read time. */
	static final String TIMEOUT = "timeout";

	/** The receiver's host refused the connection. */
	static final String REFUSED = "refused";

	/** The receiver's host name did not resolve. */
	static final String UNRESOLVABLE = "unresolvable";

	/** The receiver's address is not one alerts may be sent to. */
	static final String BLOCKED = "blocked";

	/** What a non-staff caller sees for an outcome that is none of the known words. */
	static final String OTHER = "error";

	/**
	 * Outcomes Vigil words itself (no receiver's text in them), shown to anyone as they
	 * are.
	 */
	private static final Set<String> OWN_WORDS = Set.of(TIMEOUT, REFUSED, UNRESOLVABLE, BLOCKED, "TLS error",
			"network error", "invalid URL", "channel disabled", "nothing to send", "email is not configured",
			"no recipients", "accepted", "SMTP authentication failed", "SMTP error", "unknown channel kind");

	/** Attempts recorded before these words were chosen. */
	private static final Map<String, String> EARLIER_WORDS = Map.of("timed out", TIMEOUT, "connect timed out", TIMEOUT,
			"connection refused", REFUSED, "unknown host", UNRESOLVABLE, "destination refused", BLOCKED);

	private static final Pattern HTTP = Pattern.compile("HTTP [0-9]{3}");

	private static final Pattern SMTP_REPLY = Pattern.compile("([2-5][0-9]{2})(?:[ -].*)?", Pattern.DOTALL);

	public Outcome {
		summary = cut(summary, OUTCOME_LENGTH);
		error = cut(error, ERROR_LENGTH);
	}

	static Outcome failed(String summary, int latencyMs, String error) {
		return new Outcome(false, summary, null, latencyMs, error);
	}

	/**
	 * An outcome as a non-staff caller sees it: an HTTP status, an SMTP reply code
	 * ({@code SMTP 250}), or one of Vigil's own words; never a receiver's text, a host or
	 * an address.
	 */
	public static String forNonStaff(String outcome) {
		if (outcome == null) {
			return null;
		}
		if (HTTP.matcher(outcome).matches() || OWN_WORDS.contains(outcome)) {
			return outcome;
		}
		if (EARLIER_WORDS.containsKey(outcome)) {
			return EARLIER_WORDS.get(outcome);
		}
		Matcher smtp = SMTP_REPLY.matcher(outcome);
		return smtp.matches() ? "SMTP " + smtp.group(1) : OTHER;
	}

	/**
	 * At most {@code length} characters, on one line, without control characters (a
	 * receiver's answer is not to be trusted).
	 */
	static String cut(String text, int length) {
		if (text == null) {
			return null;
		}
		String clean = text.replaceAll("[\\p{Cntrl}&&[^\t]]+", " ").strip();
		if (clean.length() <= length) {
			return clean;
		}
		int end = length - 1;
		if (Character.isHighSurrogate(clean.charAt(end - 1))) {
			end--;
		}
		return clean.substring(0, end) + "\u2026";
	}

}

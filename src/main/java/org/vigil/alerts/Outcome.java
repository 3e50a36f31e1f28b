package org.vigil.alerts;

/**
 * What came of one try to deliver: {@code outcome} is short ("HTTP 200", the SMTP reply,
 * "connection refused"), {@code error} an excerpt of what went wrong (never a whole
 * response body).
 */
record Outcome(boolean succeeded, String outcome, Integer httpStatus, int latencyMs, String error) {

	static final int OUTCOME_LENGTH = 200;

	static final int ERROR_LENGTH = 500;

	Outcome {
		outcome = cut(outcome, OUTCOME_LENGTH);
		error = cut(error, ERROR_LENGTH);
	}

	static Outcome failed(String outcome, int latencyMs, String error) {
		return new Outcome(false, outcome, null, latencyMs, error);
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

package org.vigil.mirror;

/**
 * How the last poll of a source went. {@code new}: not polled yet. While a source is not
 * healthy its statuses are frozen: nothing of it is disconnected.
 */
enum SourceState {

	NEW("new"), HEALTHY("healthy"),
	/** Connection refused or timed out, name not resolved, response too slow. */
	UNREACHABLE("unreachable"),
	/** 401 or 403: the token is wrong, expired or lacks rights. */
	UNAUTHORIZED("unauthorized"),
	/** Any other failure: 5xx, malformed JSON, a shape that is not Waldur's. */
	ERROR("error");

	private final String label;

	SourceState(String label) {
		this.label = label;
	}

	String label() {
		return this.label;
	}

	/** Whether the source's statuses are frozen for want of a good poll. */
	boolean unhealthy() {
		return this != NEW && this != HEALTHY;
	}

	static SourceState of(String label) {
		for (SourceState state : values()) {
			if (state.label.equals(label)) {
				return state;
			}
		}
		throw new IllegalArgumentException(label);
	}

}

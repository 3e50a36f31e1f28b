package org.vigil.status;

import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jooq.Field;
import org.jooq.Record;
import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Rhythm;

/**
 * How a status's {@link Rhythm} and the basis of its deadline are kept in its row, for
 * the writers and readers outside the check-in.
 */
public final class StoredRhythm {

	/** The columns of the rhythm and the basis, to select with a row. */
	public static final List<Field<?>> FIELDS = List.of(INTEGRATION_STATUS.RHYTHM_SAMPLES,
			INTEGRATION_STATUS.RHYTHM_MEAN, INTEGRATION_STATUS.RHYTHM_VARIANCE, INTEGRATION_STATUS.RHYTHM_LONGEST,
			INTEGRATION_STATUS.RHYTHM_RUN, INTEGRATION_STATUS.RHYTHM_RUN_MEAN, INTEGRATION_STATUS.RHYTHM_RUN_SQUARES,
			INTEGRATION_STATUS.TIMEOUT_BASIS);

	private StoredRhythm() {
	}

	/**
	 * What a batched update sets of what was learned (the rhythm, the deadline's basis
	 * and when the status becomes late), as placeholders bound by {@link #binds}.
	 */
	static Map<Field<?>, Object> placeholders() {
		Map<Field<?>, Object> set = new LinkedHashMap<>();
		for (Field<?> field : List.of(INTEGRATION_STATUS.RHYTHM_SAMPLES, INTEGRATION_STATUS.RHYTHM_MEAN,
				INTEGRATION_STATUS.RHYTHM_VARIANCE, INTEGRATION_STATUS.RHYTHM_LONGEST, INTEGRATION_STATUS.RHYTHM_RUN,
				INTEGRATION_STATUS.RHYTHM_RUN_MEAN, INTEGRATION_STATUS.RHYTHM_RUN_SQUARES,
				INTEGRATION_STATUS.TIMEOUT_BASIS, INTEGRATION_STATUS.LATE_AFTER)) {
			set.put(field, null);
		}
		return set;
	}

	/**
	 * One row of binds of an update that sets {@link #placeholders()} between the columns
	 * bound by {@code before} and {@code after}.
	 */
	static Object[] binds(List<Object> before, Rhythm rhythm, Basis basis, Instant lateAfter, Object... after) {
		List<Object> binds = new ArrayList<>(before);
		binds.addAll(Arrays.asList((short) rhythm.samples(), rhythm.mean(), rhythm.variance(), rhythm.longest(),
				(short) rhythm.run(), rhythm.runMean(), rhythm.runSquares(), code(basis), lateAfter));
		binds.addAll(Arrays.asList(after));
		return binds.toArray();
	}

	/** The rhythm of a row selected with {@link #FIELDS}. */
	public static Rhythm rhythm(Record r) {
		return new Rhythm(r.get(INTEGRATION_STATUS.RHYTHM_SAMPLES), r.get(INTEGRATION_STATUS.RHYTHM_MEAN),
				r.get(INTEGRATION_STATUS.RHYTHM_VARIANCE), r.get(INTEGRATION_STATUS.RHYTHM_LONGEST),
				r.get(INTEGRATION_STATUS.RHYTHM_RUN), r.get(INTEGRATION_STATUS.RHYTHM_RUN_MEAN),
				r.get(INTEGRATION_STATUS.RHYTHM_RUN_SQUARES));
	}

	/** The basis of a row selected with {@link #FIELDS}. */
	public static Basis basis(Record r) {
		return basis(r.get(INTEGRATION_STATUS.TIMEOUT_BASIS));
	}

	/** The stored code: 0 configured, 1 learned. */
	public static Basis basis(Short code) {
		return (code != null && code == 1) ? Basis.LEARNED : Basis.CONFIGURED;
	}

	public static short code(Basis basis) {
		return (short) ((basis == Basis.LEARNED) ? 1 : 0);
	}

}

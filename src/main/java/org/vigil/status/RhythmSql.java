package org.vigil.status;

import static org.jooq.impl.DSL.extract;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.round;
import static org.jooq.impl.DSL.sqrt;
import static org.jooq.impl.DSL.when;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jooq.Condition;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.SQLDataType;
import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;

/**
 * {@link PhiAccrual#learn} and {@link PhiAccrual#timeout} as SQL over the old row, for
 * the steady check-in's one UPDATE: its SET expressions see only the row as it was, so
 * each new value is an expression of the old columns and the binds, and the new deadline
 * inlines the new mean and variance. The settings are inlined (they are the instance's);
 * the binds are the check-in time (as a timestamp and in epoch milliseconds), the type's
 * configured timeout, its floor (the timeout if set explicitly, else 0) and when Vigil's
 * last downtime ended. PhiAccrual stays the one home of the rule: a test replays
 * check-ins through both and compares the rows.
 */
final class RhythmSql {

	private final SQLDialect dialect;

	private final Map<Field<?>, Field<?>> sets = new LinkedHashMap<>();

	private final Field<Instant> deadline;

	/**
	 * @param now the check-in time
	 * @param nowMillis the same in milliseconds since the epoch
	 * @param configuredMillis the type's configured timeout
	 * @param floorMillis the configured timeout if an operator set it, else 0
	 * @param watchedSince when Vigil's last downtime ended, or null
	 */
	RhythmSql(SQLDialect dialect, PhiAccrual phi, Field<Instant> now, Field<Double> nowMillis,
			Field<Long> configuredMillis, Field<Long> floorMillis, Field<Instant> watchedSince) {
		this.dialect = dialect;
		Learning learning = phi.learning();
		var s = INTEGRATION_STATUS;
		Field<Integer> samples = s.RHYTHM_SAMPLES.cast(SQLDataType.INTEGER);
		Field<Integer> run = s.RHYTHM_RUN.cast(SQLDataType.INTEGER);
		Field<Double> mean = s.RHYTHM_MEAN;
		Field<Double> variance = s.RHYTHM_VARIANCE;
		Field<Double> longest = s.RHYTHM_LONGEST.cast(SQLDataType.DOUBLE);
		Field<Double> runMean = s.RHYTHM_RUN_MEAN;
		Field<Double> runSquares = s.RHYTHM_RUN_SQUARES;

		// The interval this check-in ends, and what it tells (Interval).
		Field<Double> x = greatest(inline(0.0), nowMillis.minus(millis(s.LAST_REQUEST_TIMESTAMP)));
		Condition learned = samples.ge(inline(learning.minSamples()));
		Condition spansDowntime = learned.and(s.LAST_REQUEST_TIMESTAMP.lt(watchedSince));
		Condition pastDeadline = learned.and(nowMillis.gt(millis(s.DEADLINE)));
		Field<Integer> runNext = run.plus(inline(1));
		Condition relearn = runNext.ge(inline(learning.relearnAfter()));
		Field<Double> runNextDouble = runNext.cast(SQLDataType.DOUBLE);
		Field<Double> runMeanNext = runMean.plus(x.minus(runMean).div(runNextDouble));
		Field<Double> runSquaresNext = runSquares.plus(x.minus(runMean).mul(x.minus(runMeanNext)));

		// One interval into the weighted mean and variance (PhiAccrual.add).
		Field<Double> w = greatest(inline(phi.weight()), inline(1.0).div(samples.plus(inline(1))));
		Field<Double> delta = x.minus(mean);
		Field<Double> addedMean = mean.plus(w.mul(delta));
		Field<Double> addedVariance = inline(1.0).minus(w).mul(variance.plus(w.mul(delta).mul(delta)));
		Field<Double> longestNext = greatest(longest, round(x));

		// Ignored (spans downtime), counted in the run, restarted from the run, or added.
		Field<Integer> newSamples = when(spansDowntime, samples)
			.when(pastDeadline.and(relearn),
					least(inline(learning.window()), greatest(runNext, inline(learning.minSamples()))))
			.when(pastDeadline, samples)
			.otherwise(least(samples.plus(inline(1)), inline(learning.window())));
		Field<Double> newMean = when(spansDowntime, mean).when(pastDeadline.and(relearn), runMeanNext)
			.when(pastDeadline, mean)
			.otherwise(addedMean);
		Field<Double> newVariance = when(spansDowntime, variance)
			.when(pastDeadline.and(relearn), runSquaresNext.div(runNextDouble))
			.when(pastDeadline, variance)
			.otherwise(addedVariance);
		Field<Double> newLongest = when(spansDowntime, longest).when(pastDeadline.and(relearn.not()), longest)
			.otherwise(longestNext);
		Field<Integer> newRun = when(spansDowntime, run).when(pastDeadline.and(relearn.not()), runNext)
			.otherwise(inline(0));
		Field<Double> newRunMean = when(spansDowntime, runMean).when(pastDeadline.and(relearn.not()), runMeanNext)
			.otherwise(inline(0.0));
		Field<Double> newRunSquares = when(spansDowntime, runSquares)
			.when(pastDeadline.and(relearn.not()), runSquaresNext)
			.otherwise(inline(0.0));

		// The timeout of the new rhythm (PhiAccrual.timeout).
		Condition learnedNext = newSamples.ge(inline(learning.minSamples()));
		Field<Double> deviation = greatest(inline(1.0), sqrt(greatest(inline(0.0), newVariance)),
				newMean.mul(inline(learning.minDeviation())));
		Field<Double> learnedMillis = greatest(inline((double) learning.minTimeout().toMillis()),
				least(inline((double) learning.maxTimeout().toMillis()),
						round(newMean.plus(deviation.mul(inline(phi.deadlineY())))
							.plus(inline((double) learning.acceptablePause().toMillis())))));
		Field<Double> cold = greatest(configuredMillis.cast(SQLDataType.DOUBLE),
				least(newLongest.mul(inline(3.0)), inline((double) learning.maxTimeout().toMillis())));
		Field<Double> timeout = when(learnedNext, greatest(floorMillis.cast(SQLDataType.DOUBLE), learnedMillis))
			.otherwise(cold);
		Condition onLearned = learnedNext.and(learnedMillis.ge(floorMillis.cast(SQLDataType.DOUBLE)));
		this.deadline = plusMillis(now, timeout);
		Field<Instant> lateAfter = when(onLearned,
				plusMillis(now, round(newMean.plus(deviation.mul(inline(phi.lateY())))).cast(SQLDataType.DOUBLE)))
			.otherwise(inline(null, SQLDataType.INSTANT));

		this.sets.put(s.RHYTHM_SAMPLES, newSamples.cast(SQLDataType.SMALLINT));
		this.sets.put(s.RHYTHM_MEAN, newMean);
		this.sets.put(s.RHYTHM_VARIANCE, newVariance);
		this.sets.put(s.RHYTHM_LONGEST, newLongest.cast(SQLDataType.BIGINT));
		this.sets.put(s.RHYTHM_RUN, newRun.cast(SQLDataType.SMALLINT));
		this.sets.put(s.RHYTHM_RUN_MEAN, newRunMean);
		this.sets.put(s.RHYTHM_RUN_SQUARES, newRunSquares);
		this.sets.put(s.TIMEOUT_BASIS, when(onLearned, inline(StoredRhythm.code(Basis.LEARNED)))
			.otherwise(inline(StoredRhythm.code(Basis.CONFIGURED))));
		this.sets.put(s.LATE_AFTER, lateAfter);
	}

	/** The rhythm columns, the deadline's basis and when the status becomes late. */
	Map<Field<?>, Field<?>> rhythm() {
		return this.sets;
	}

	/** The new deadline. */
	Field<Instant> deadline() {
		return this.deadline;
	}

	private static Field<Double> millis(Field<Instant> at) {
		return extract(at, DatePart.EPOCH).cast(SQLDataType.DOUBLE).mul(inline(1000.0));
	}

	/**
	 * A time plus a whole number of milliseconds. jOOQ's own date arithmetic with a
	 * fraction of a day or second rounds to whole seconds on H2, so each store gets its
	 * exact form.
	 */
	private Field<Instant> plusMillis(Field<Instant> at, Field<Double> millis) {
		if (this.dialect.family() == SQLDialect.POSTGRES) {
			return field("({0} + {1} * interval '1 millisecond')", SQLDataType.INSTANT, at, millis);
		}
		return field("dateadd(millisecond, cast({0} as bigint), {1})", SQLDataType.INSTANT, millis, at);
	}

}

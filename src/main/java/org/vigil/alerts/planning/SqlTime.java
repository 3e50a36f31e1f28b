package org.vigil.alerts.planning;

import java.time.Instant;

import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** Time arithmetic that H2 and PostgreSQL both understand. */
final class SqlTime {

	private SqlTime() {
	}

	/** {@code time} plus {@code seconds} (null when either is null). */
	static Field<Instant> after(Field<Instant> time, Field<Long> seconds) {
		return DSL.field("({0} + {1} * INTERVAL '1' SECOND)", SQLDataType.INSTANT, time, seconds);
	}

}

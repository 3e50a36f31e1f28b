package org.vigil.status;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exact counts of statuses per status and agent type without reading
 * {@code integration_status}: its triggers (migration 15,
 * {@code db.migration.V15__KeptCounts}) append one row of
 * {@code integration_status_tally} per change, the count is {@code SUM(n)}, and
 * {@link #fold} replaces the rows by their sums now and then so that they stay few.
 */
@Component
public class StatusCounts {

	static final Table<?> TALLY = table(name("integration_status_tally"));

	static final Field<Short> STATUS = field(name("status"), SQLDataType.SMALLINT);

	static final Field<Short> AGENT_TYPE = field(name("agent_type"), SQLDataType.SMALLINT);

	static final Field<Long> N = field(name("n"), SQLDataType.BIGINT);

	/** More rows than this in the tally are folded by the read that finds them. */
	private static final int FOLD_AT = 1_000;

	private static final Logger log = LoggerFactory.getLogger(StatusCounts.class);

	private final DSLContext db;

	private final TransactionTemplate transactions;

	StatusCounts(DSLContext db, TransactionTemplate transactions) {
		this.db = db;
		this.transactions = transactions;
	}

	/** How many statuses have one of these status codes (every status if none). */
	long count(Collection<Short> statuses) {
		Record2<BigDecimal, Integer> r = this.db.select(sum(N), DSL.count())
			.from(TALLY)
			.where(statuses.isEmpty() ? noCondition() : STATUS.in(statuses))
			.fetchSingle();
		if (r.value2() > FOLD_AT) {
			try {
				fold();
			}
			catch (DataAccessException ex) {
				// The count is exact either way; the next read or the gauges fold again.
				log.debug("Kept counts not folded: {}", ex.getMessage());
			}
		}
		return (r.value1() != null) ? r.value1().longValue() : 0;
	}

	/** Counts by status and agent type, the codes as indexes from 0. */
	long[][] byStatusAndType() {
		long[][] counts = new long[Status.values().length][AgentType.values().length];
		this.db.select(STATUS, AGENT_TYPE, sum(N))
			.from(TALLY)
			.groupBy(STATUS, AGENT_TYPE)
			.forEach((r) -> counts[r.value1() - 1][r.value2() - 1] = r.value3().longValue());
		return counts;
	}

	/**
	 * Replaces the rows by one per key, in one transaction. Safe with several instances
	 * folding at once: a row is counted by the transaction that deleted it, and a
	 * concurrent fold that finds it deleted skips it (PostgreSQL) or fails and rolls back
	 * (H2), so no delta is lost or counted twice.
	 */
	void fold() {
		this.transactions.executeWithoutResult((tx) -> {
			Map<Record2<Short, Short>, Long> sums = new HashMap<>();
			this.db.deleteFrom(TALLY)
				.returningResult(STATUS, AGENT_TYPE, N)
				.fetch()
				.forEach((r) -> sums.merge(this.db.newRecord(STATUS, AGENT_TYPE).values(r.value1(), r.value2()),
						r.value3(), Long::sum));
			var insert = this.db.insertInto(TALLY, STATUS, AGENT_TYPE, N);
			boolean any = false;
			for (Map.Entry<Record2<Short, Short>, Long> e : sums.entrySet()) {
				if (e.getValue() != 0) {
					insert = insert.values(e.getKey().value1(), e.getKey().value2(), e.getValue());
					any = true;
				}
			}
			if (any) {
				insert.execute();
			}
		});
	}

}

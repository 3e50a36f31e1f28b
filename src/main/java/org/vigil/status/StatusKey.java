package org.vigil.status;

import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.util.Comparator;
import java.util.List;

import org.jooq.OrderField;

/**
 * One integration status by its natural key: an offering (its row id) and an agent type.
 */
public record StatusKey(long offeringId, AgentType type) {

	/**
	 * The order of the unique (offering_id, agent_type) index: every writer locks rows in
	 * it.
	 */
	public static final Comparator<StatusKey> ORDER = Comparator.comparingLong(StatusKey::offeringId)
		.thenComparing(StatusKey::type);

	/** {@link #ORDER} in SQL: {@code ORDER BY} of every {@code SELECT ... FOR UPDATE}. */
	static final List<OrderField<?>> LOCK_ORDER = List.of(INTEGRATION_STATUS.OFFERING_ID,
			INTEGRATION_STATUS.AGENT_TYPE);

}

package org.vigil.alerts.planning;

import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL_OFFERING;
import static org.vigil.db.Tables.OFFERING;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.SQLDataType;

/**
 * Which channels hear of what: one rule for a status's changes (the planner) and a mirror
 * source's health ({@link SourceAlerts}). A channel hears only while enabled; one that
 * names offerings hears only of those.
 */
final class ChannelCoverage {

	private static final org.vigil.db.tables.NotificationChannel CHANNEL = NOTIFICATION_CHANNEL;

	private static final org.vigil.db.tables.NotificationChannelOffering OFFERINGS = NOTIFICATION_CHANNEL_OFFERING;

	private ChannelCoverage() {
	}

	/**
	 * Whether the (joined) channel covers a status of a customer, offering and agent
	 * type: the channel is global or the customer's, and its offerings and agent types,
	 * if it names any, include the status's.
	 */
	static Condition coversStatus(Field<Long> customerId, Field<Long> offeringId, Field<Short> agentType) {
		return CHANNEL.ENABLED.isTrue()
			.and(CHANNEL.CUSTOMER_ID.isNull().or(CHANNEL.CUSTOMER_ID.eq(customerId)))
			.and(namesNoOfferingOr(OFFERINGS.OFFERING_ID.eq(offeringId)))
			.and(CHANNEL.AGENT_TYPES.isNull()
				.or(inline(",").concat(CHANNEL.AGENT_TYPES)
					.concat(inline(","))
					.like(inline("%,").concat(agentType.cast(SQLDataType.VARCHAR(1))).concat(inline(",%")))));
	}

	/**
	 * Whether the (joined) channel hears of a mirror source's health: a source has no
	 * customer, so only global channels do, and one narrowed to some offerings only of a
	 * source that feeds one of them.
	 */
	static Condition coversSource(long sourceId) {
		return CHANNEL.ENABLED.isTrue()
			.and(CHANNEL.CUSTOMER_ID.isNull())
			.and(namesNoOfferingOr(exists(selectOne().from(OFFERING)
				.where(OFFERING.ID.eq(OFFERINGS.OFFERING_ID))
				.and(OFFERING.SOURCE_ID.eq(sourceId)))));
	}

	/** The channel names no offering, or one that {@code matches}. */
	private static Condition namesNoOfferingOr(Condition matches) {
		return notExists(selectOne().from(OFFERINGS).where(OFFERINGS.CHANNEL_ID.eq(CHANNEL.ID)))
			.or(exists(selectOne().from(OFFERINGS).where(OFFERINGS.CHANNEL_ID.eq(CHANNEL.ID)).and(matches)));
	}

}

package org.vigil.alerts.planning;

import static org.jooq.impl.DSL.val;
import static org.vigil.db.Tables.ALERT_PENDING;
import static org.vigil.db.Tables.ALERT_STATE;

import java.time.Duration;
import java.time.Instant;

import org.jooq.DSLContext;

import org.springframework.stereotype.Component;

/**
 * What the planner remembers of a channel, changed in the transaction that changes the
 * channel: disabling forgets its alert state, and a new {@code alert_after} or
 * {@code repeat_every} moves the pending due times.
 */
@Component
public class ChannelAlertStates {

	private final DSLContext db;

	ChannelAlertStates(DSLContext db) {
		this.db = db;
	}

	/**
	 * Nothing more is planned for the channel, and re-enabling it starts from new
	 * transitions instead of replaying old ones.
	 */
	public void forget(long channelId) {
		this.db.deleteFrom(ALERT_PENDING).where(ALERT_PENDING.CHANNEL_ID.eq(channelId)).execute();
		this.db.deleteFrom(ALERT_STATE).where(ALERT_STATE.CHANNEL_ID.eq(channelId)).execute();
	}

	/** Disconnections not yet sent are due {@code alertAfter} after they began. */
	public void alertAfterChanged(long channelId, Duration alertAfter) {
		this.db.update(ALERT_STATE)
			.set(ALERT_STATE.SEND_AFTER, SqlTime.after(ALERT_STATE.DOWN_SINCE, val(alertAfter.toSeconds())))
			.where(ALERT_STATE.CHANNEL_ID.eq(channelId))
			.and(ALERT_STATE.SENT.isFalse())
			.execute();
	}

	/**
	 * Sent disconnections are next reminded {@code repeatEvery} from now (null: never).
	 */
	public void repeatEveryChanged(long channelId, Duration repeatEvery, Instant now) {
		this.db.update(ALERT_STATE)
			.set(ALERT_STATE.REMIND_AT,
					SqlTime.after(val(now), val((repeatEvery != null) ? repeatEvery.toSeconds() : null, Long.class)))
			.where(ALERT_STATE.CHANNEL_ID.eq(channelId))
			.and(ALERT_STATE.SENT.isTrue())
			.execute();
	}

}

package org.vigil.alerts.delivery;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.NOTIFICATION_ITEM;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.vigil.status.AgentType;
import org.vigil.status.Status;

import org.springframework.stereotype.Component;

/**
 * What notifications say, for the sender and for the API alike: their items with the
 * status events, statuses and offerings they name, for many notifications in one query.
 */
@Component
public class NotificationItems {

	private final DSLContext db;

	NotificationItems(DSLContext db) {
		this.db = db;
	}

	/** The items of each notification, in position order. */
	public Map<Long, List<Item>> of(Collection<Long> notificationIds) {
		if (notificationIds.isEmpty()) {
			return Map.of();
		}
		return this.db
			.select(NOTIFICATION_ITEM.NOTIFICATION_ID, NOTIFICATION_ITEM.WHAT, NOTIFICATION_ITEM.EVENT_UUID,
					INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.AGENT_TYPE, OFFERING.UUID, OFFERING.NAME,
					STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON, STATUS_EVENT.CREATED)
			.from(NOTIFICATION_ITEM)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(NOTIFICATION_ITEM.INTEGRATION_STATUS_ID))
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.leftJoin(STATUS_EVENT)
			.on(STATUS_EVENT.UUID.eq(NOTIFICATION_ITEM.EVENT_UUID))
			.where(NOTIFICATION_ITEM.NOTIFICATION_ID.in(notificationIds))
			.orderBy(NOTIFICATION_ITEM.NOTIFICATION_ID, NOTIFICATION_ITEM.POSITION)
			.fetch()
			.stream()
			.collect(Collectors.groupingBy((r) -> r.get(NOTIFICATION_ITEM.NOTIFICATION_ID), LinkedHashMap::new,
					Collectors.mapping(NotificationItems::item, Collectors.toList())));
	}

	private static Item item(Record r) {
		Short from = r.get(STATUS_EVENT.FROM_STATUS);
		Short to = r.get(STATUS_EVENT.TO_STATUS);
		return new Item(r.get(NOTIFICATION_ITEM.WHAT), r.get(NOTIFICATION_ITEM.EVENT_UUID),
				r.get(INTEGRATION_STATUS.UUID), r.get(OFFERING.UUID), r.get(OFFERING.NAME),
				AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE)).label(),
				(from != null) ? Status.ofCode(from).label() : null, (to != null) ? Status.ofCode(to).label() : null,
				r.get(STATUS_EVENT.REASON), r.get(STATUS_EVENT.CREATED));
	}

}

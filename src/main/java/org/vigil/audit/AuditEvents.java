package org.vigil.audit;

import static org.vigil.db.Tables.AUDIT_EVENT;

import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.web.Page;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Repository;

/** Reads the audit log, newest first, as a caller may see it. */
@Repository
class AuditEvents {

	private final DSLContext db;

	private final JsonMapper json;

	AuditEvents(DSLContext db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/** {@code filter} is an {@link AuditFilter}'s condition. */
	long count(Caller caller, Condition filter) {
		return this.db.fetchCount(AUDIT_EVENT, visible(caller, filter));
	}

	List<AuditEventView> page(Caller caller, Condition filter, Page page) {
		return this.db.selectFrom(AUDIT_EVENT)
			.where(visible(caller, filter))
			.orderBy(AUDIT_EVENT.CREATED.desc(), AUDIT_EVENT.ID.desc())
			.limit(page.size())
			.offset(page.offset())
			.fetch(this::view);
	}

	private static Condition visible(Caller caller, Condition filter) {
		return Visibility.audit(caller, AUDIT_EVENT.CUSTOMER_ID).and(filter);
	}

	private AuditEventView view(Record r) {
		return new AuditEventView(r.get(AUDIT_EVENT.UUID), r.get(AUDIT_EVENT.USER_UUID), r.get(AUDIT_EVENT.USERNAME),
				r.get(AUDIT_EVENT.TOKEN_UUID), r.get(AUDIT_EVENT.CLIENT_ADDRESS), r.get(AUDIT_EVENT.ACTION),
				r.get(AUDIT_EVENT.OBJECT_TYPE), r.get(AUDIT_EVENT.OBJECT_UUID),
				this.json.readTree(r.get(AUDIT_EVENT.CHANGES)), r.get(AUDIT_EVENT.CREATED));
	}

}

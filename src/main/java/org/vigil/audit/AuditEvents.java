package org.vigil.audit;

import static org.vigil.db.Tables.AUDIT_EVENT;

import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;

/** Reads the audit log, newest first. */
@Repository
class AuditEvents {

	private final DSLContext db;

	AuditEvents(DSLContext db) {
		this.db = db;
	}

	long count(Condition condition) {
		return this.db.fetchCount(AUDIT_EVENT, condition);
	}

	List<Record> page(Condition condition, Page page) {
		return this.db.selectFrom(AUDIT_EVENT)
			.where(condition)
			.orderBy(AUDIT_EVENT.CREATED.desc(), AUDIT_EVENT.ID.desc())
			.limit(page.size())
			.offset(page.offset())
			.fetch()
			.map((r) -> (Record) r);
	}

}

package org.vigil.auth;

import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.CUSTOMER_ROLE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.OFFERING_ROLE;
import static org.vigil.db.Tables.TOKEN;
import static org.vigil.db.Tables.TOKEN_OFFERING;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;
import org.jooq.Query;
import org.jooq.Table;
import org.jooq.impl.QOM;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Cached credentials are dropped by construction, not by remembering to: every statement
 * jOOQ runs passes here, and one that writes what a token may do (users, tokens and their
 * offering scopes, role grants) or deletes what those point at (customers and offerings,
 * whose roles cascade) tells the {@link Authenticator}, inside the writing transaction.
 * So a revocation cannot be forgotten by a new writer; writes must go through jOOQ's DSL
 * (plain SQL text is not seen).
 */
class CredentialWrites implements ExecuteListener {

	private static final Set<String> WRITTEN = names(ACCOUNT, TOKEN, TOKEN_OFFERING, CUSTOMER_ROLE, OFFERING_ROLE);

	private static final Set<String> DELETED = names(CUSTOMER, OFFERING);

	/**
	 * Looked up when first needed: the authenticator's own repository runs on the
	 * DSLContext this listens to.
	 */
	private final ObjectProvider<Authenticator> authenticator;

	CredentialWrites(ObjectProvider<Authenticator> authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public void executeEnd(ExecuteContext ctx) {
		if (ctx.type() != ExecuteType.WRITE && ctx.type() != ExecuteType.BATCH) {
			return;
		}
		Query[] queries = (ctx.batchQueries().length > 0) ? ctx.batchQueries() : new Query[] { ctx.query() };
		if (Arrays.stream(queries).anyMatch(CredentialWrites::changesCredentials)) {
			this.authenticator.getObject().changed();
		}
	}

	static boolean changesCredentials(Query query) {
		if (query instanceof QOM.Insert<?> insert) {
			return written(insert.$into());
		}
		if (query instanceof QOM.Update<?> update) {
			return written(update.$table());
		}
		if (query instanceof QOM.Delete<?> delete) {
			return written(delete.$from()) || DELETED.contains(delete.$from().getName());
		}
		return false;
	}

	private static boolean written(Table<?> table) {
		return table != null && WRITTEN.contains(table.getName());
	}

	private static Set<String> names(Table<?>... tables) {
		return Stream.of(tables).map(Table::getName).collect(Collectors.toUnmodifiableSet());
	}

}

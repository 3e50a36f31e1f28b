package org.vigil.web;

import jakarta.servlet.Filter;

/**
 * The place in {@link WebConfig}'s chain where a request's credentials are checked: after
 * the request is known to be well formed and its forwarding headers applied, before its
 * body is read. The {@code auth} feature provides the filter; this package only knows
 * where it goes.
 */
public interface CredentialsFilter extends Filter {

}

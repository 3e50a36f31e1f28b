package org.vigil.bench;

/** A way of deciding that an agent is Disconnected, replayed over a trace. */
interface Rule {

	Verdict judge(Trace trace);

}

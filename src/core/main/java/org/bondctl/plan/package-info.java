/**
 * Every change as one typed plan: {@link org.bondctl.plan.Bonds} and
 * {@link org.bondctl.plan.Interfaces} (the library's entry points), the
 * {@link org.bondctl.plan.Planner} (a {@link org.bondctl.plan.NetworkSpec} against the kernel),
 * {@link org.bondctl.plan.Step} (sealed records, each with its inverse),
 * {@link org.bondctl.plan.Executor} (runs a plan with one undo log and a write-ahead journal),
 * {@link org.bondctl.plan.Recovery} and the change lock.
 * <p>
 * Thread safety: {@code Bonds}, {@code Interfaces} and {@code Executor} hold one netlink socket
 * and are for one thread; steps, plans and specs are immutable.
 */
package org.bondctl.plan;

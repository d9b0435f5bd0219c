"""The volume gate: a deploy places at most the policy's `max_new_calls` new calls, unless the
command names a larger, reviewed figure with `--allow-calls N`.

A check on the plan, pure: it says why the plan must not be applied, or nothing. How the plan
shows its new calls against the limit is the views' (`views.limit_line`).
"""

from __future__ import annotations

from broadcastctl.output.words import plural
from broadcastctl.plan.model import Plan


def refusal(plan: Plan, allow_calls: int | None) -> str | None:
    """Why deploy must not apply `plan`, or None. A figure below the total is refused even
    under the limit: it is what someone reviewed, and the plan places more than that."""
    total = plan.new_calls
    if allow_calls is not None and total > allow_calls:
        return (
            f"this deploy would place {plural(total, 'new call')}, more than --allow-calls "
            f"{allow_calls:,} allows; nothing was sent. Review the plan above, and pass "
            f"--allow-calls {total} (or more) if that many calls are intended"
        )
    limit = plan.call_limit
    if allow_calls is None and limit is not None and total > limit.limit:
        return (
            f"this deploy would place {plural(total, 'new call')}, more than the "
            f"{limit.limit:,} that max_new_calls in {limit.policy} allows; nothing was sent. "
            f"If that many calls are intended, review the plan above and pass --allow-calls "
            f"{total} (a figure at least the total), or deploy fewer campaigns at a time"
        )
    return None


def plan_verdict(plan: Plan) -> str | None:
    """What `plan` says when the deploy of this plan would be refused, or None: the
    `--allow-calls` figure that deploy will need."""
    limit = plan.call_limit
    if limit is None or plan.new_calls <= limit.limit:
        return None
    return (
        f"the deploy of this plan would be refused: {plural(plan.new_calls, 'new call')}, more "
        f"than the {limit.limit:,} that max_new_calls in {limit.policy} allows; deploy will "
        f"need --allow-calls {plan.new_calls} (or more), or fewer campaigns at a time"
    )

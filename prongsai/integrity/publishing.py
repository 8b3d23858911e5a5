"""Publishing the risk assessment report and the action plan to their OIT items, in one action.

The items are found by title in the year's framework (`disclosure.publishing.item_code_titled`):
"การประเมินความเสี่ยงการทุจริต…" was o36 in 2563–2565, o34 in 2566 and o23 in 2568, and
"แผนปฏิบัติการป้องกันการทุจริต" o39, o36 and o25. The plan's item comes before the item of its
results report in every framework, so the first title match is the plan itself.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.disclosure.publishing import item_code_titled, publish
from prongsai.integrity import document
from prongsai.integrity.models import ActionPlan, RegisterState, RiskRegister

RISK_ITEM_TITLE = "การประเมินความเสี่ยงการทุจริต"
PLAN_ITEM_TITLE = "แผนปฏิบัติการป้องกันการทุจริต"


def risk_item_code(fiscal_year: int) -> str:
    return item_code_titled(fiscal_year, RISK_ITEM_TITLE)


def plan_item_code(fiscal_year: int) -> str:
    return item_code_titled(fiscal_year, PLAN_ITEM_TITLE)


def publish_register(register: RiskRegister, user, today: date):
    """ValueError (Thai and English) for a draft register or a year without the item."""
    if register.state != RegisterState.APPROVED:
        raise ValueError(_("Only an approved register can be published."))
    code = risk_item_code(register.fiscal_year)
    pdf = document.files(
        document.risk_content(register, _author(user), today), f"risks-{register.fiscal_year}"
    )["pdf"]
    with transaction.atomic():
        publication = publish(
            register.organisation, fiscal_year=register.fiscal_year, item_code=code, title=str(register),
            content=pdf, filename=f"risk-assessment-{register.fiscal_year}.pdf", user=user,
        )  # fmt: skip
        register.published = True
        register.save(update_fields=["published"])
    return publication


def publish_plan(plan: ActionPlan, user, today: date):
    code = plan_item_code(plan.fiscal_year)
    if not plan.projects.exists():
        raise ValueError(_("A plan without projects cannot be published."))
    pdf = document.files(document.plan_content(plan, _author(user), today), f"plan-{plan.fiscal_year}")["pdf"]
    with transaction.atomic():
        publication = publish(
            plan.organisation, fiscal_year=plan.fiscal_year, item_code=code, title=str(plan),
            content=pdf, filename=f"anti-corruption-plan-{plan.fiscal_year}.pdf", user=user,
        )  # fmt: skip
        plan.published = True
        plan.save(update_fields=["published"])
    return publication


def _author(user):
    return getattr(user, "person", None) if user is not None and hasattr(user, "person") else None

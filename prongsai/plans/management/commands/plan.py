"""Measures plans from the command line.

`prongsai plan draft --org SLUG --year 2565` prints the measures drafted from the ITA 2564 analysis
and the coverage warnings (`--save` stores the plan); `prongsai plan remind` sends the due and
overdue reminders (run it daily from cron; reruns send nothing twice); `prongsai plan export
--org SLUG --year Y --format xlsx|json` writes a plan out.
"""

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.core import audit
from prongsai.core.calendar import holiday_calendar
from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.plans import coverage, drafting, export, reminders
from prongsai.plans.content import plan_for
from prongsai.plans.models import Plan


class Command(BaseCommand):
    help = "Integrity measures plans: draft, remind, export."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        draft = sub.add_parser("draft", help="draft a plan from the previous year's ITA analysis")
        draft.add_argument("--org", required=True, help="organisation address name (slug)")
        draft.add_argument("--year", type=int, required=True, help="fiscal year (B.E.)")
        draft.add_argument(
            "--lowest-only", action="store_true", help="only the lowest indicator of each tool"
        )
        draft.add_argument("--save", action="store_true", help="store the drafted plan")
        add_format_argument(draft)
        remind = sub.add_parser("remind", help="send due and overdue reminders")
        remind.add_argument("--org", help="one organisation only")
        remind.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
        remind.add_argument("--days-before", type=int, default=reminders.DAYS_BEFORE)
        add_format_argument(remind)
        dump = sub.add_parser("export", help="export a plan")
        dump.add_argument("--org", required=True)
        dump.add_argument("--year", type=int, required=True)
        dump.add_argument("--format", choices=list(export.TYPES), default="json")
        dump.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _organisation(self, slug: str) -> Organisation:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"ไม่มีหน่วยงาน {slug!r} / no organisation {slug!r}")
        return organisation

    def _draft(self, options):
        organisation = self._organisation(options["org"])
        try:
            draft = drafting.propose(organisation, options["year"], lowest_only=options["lowest_only"])
            plan = None
            if options["save"]:
                with audit.acting_as("plan draft"):
                    plan = drafting.save(draft)
        except drafting.DraftError as exc:
            raise CommandError(str(exc)) from None
        check = coverage.check(plan) if plan else _draft_coverage(draft)
        measures = [
            {"number": m.number, "code": m.code, "title": m.title, "steps": list(m.steps),
             "unit": m.unit.name_th if m.unit else "", "unit_th": m.unit_th, "period_th": m.period_th,
             "follow_up": m.follow_up, "addresses": list(m.addresses)}
            for m in draft.measures
        ]  # fmt: skip
        data = {
            "organisation": organisation.slug,
            "fiscal_year": draft.fiscal_year,
            "ita_year": draft.result.year,
            "saved": plan is not None,
            "measures": measures,
            "warnings": draft.warnings,
            "uncovered": [{"target": t, "label": label} for t, label in check.uncovered],
            "numbering_gaps": check.gaps,
        }
        lines = [f"{organisation.name_th}: FY {draft.fiscal_year} from ITA {draft.result.year}"]
        lines += [
            f"{m['number']}. {m['title']} | {m['unit'] or m['unit_th']} | {m['period_th']}" for m in measures
        ]
        lines += [f"warning: {w}" for w in draft.warnings]
        lines += [f"uncovered: {label}" for _t, label in check.uncovered]
        lines += [f"numbering gap: {n}" for n in check.gaps]
        emit(self, options, data, lines)

    def _remind(self, options):
        today = options["today"] or date.today()
        organisation = self._organisation(options["org"]) if options.get("org") else None
        with audit.acting_as("plan remind"):
            sent = reminders.send(
                reminders.open_steps(organisation), today, holiday_calendar(), options["days_before"]
            )
        data = {
            "today": today,
            "reminders": [{"step": r.step_id, "kind": r.kind, "due": r.due, "notified": n} for r, n in sent],
        }
        lines = [f"{r.kind} step {r.step_id} (due {r.due}): {n} notified" for r, n in sent]
        lines.append(f"{sum(n for _r, n in sent)} notifications sent")
        emit(self, options, data, lines)

    def _export(self, options):
        organisation = self._organisation(options["org"])
        plan: Plan | None = plan_for(organisation, options["year"])
        if plan is None:
            raise CommandError(
                f"ไม่มีแผนปีงบประมาณ {options['year']} / no plan for fiscal year {options['year']}"
            )
        body = export.render(plan, options["format"])
        if options.get("output"):
            Path(options["output"]).write_bytes(body)
        elif options["format"] == "json":
            self.stdout.write(body.decode("utf-8"))
        else:
            sys.stdout.buffer.write(body)


def _draft_coverage(draft: drafting.Draft) -> coverage.Coverage:
    """The coverage of a draft not stored: its measures' targets against the analysis."""
    return coverage.check_targets(draft.result, [list(m.addresses) for m in draft.measures])

"""The corruption risk assessment from the command line.

`prongsai risk report --org SLUG [--year FY] [--format json]` prints the year's register (risks,
levels, follow-ups, heat map counts) and its action plan with the 6- and 12-month progress.
The year defaults to the current fiscal year, from the clock.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.integrity import levels, reports
from prongsai.integrity.models import ActionPlan, RiskRegister
from prongsai.thai.fiscal import fiscal_year_of


class Command(BaseCommand):
    help = "Corruption risk assessment: print the register and the action plan of a year."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help="the register, heat map and action plan of a fiscal year")
        report.add_argument("--org", required=True, help="organisation address name (slug)")
        report.add_argument("--year", type=int, help="fiscal year (B.E.); default: the current one")
        add_format_argument(report)

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _report(self, options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"ไม่มีหน่วยงาน {options['org']!r} / no organisation {options['org']!r}")
        today = timezone.localdate()
        year = options["year"] or fiscal_year_of(today)
        register = RiskRegister.objects.for_org(organisation).filter(fiscal_year=year).first()
        if register is None:
            raise CommandError(
                f"{organisation.slug} ยังไม่มีทะเบียนความเสี่ยงปีงบประมาณ {year} / has no risk register for {year}"
            )
        plan = ActionPlan.objects.for_org(organisation).filter(fiscal_year=year).first()
        data = reports.risk_data(register, plan, today)
        emit(self, options, data, _text(data))


def _text(data: dict) -> list[str]:
    counts = data["heat_map"]["inherent"]["by_level"]
    residual = data["heat_map"]["residual"]["by_level"]
    lines = [
        f"{data['organisation']} · ปีงบประมาณ {data['fiscal_year']} · {data['state']}"
        f"{' · published' if data['published'] else ''}",
        "ระดับ (level): "
        + ", ".join(f"{b.label_th} {counts[b.code]} → {residual[b.code]}" for b in reversed(levels.BANDS)),
    ]
    for risk in data["risks"]:
        lines.append(
            f"{risk['number']:>3}. [{risk['level_th']} {risk['likelihood']}×{risk['impact']}"
            f" → {levels.BY_CODE[risk['residual_level']].label_th}] {risk['process_th']}: {risk['event']}"
            f" ({risk['owner_unit']})"
        )
    plan = data["action_plan"]
    if plan:
        lines.append(
            f"แผนปฏิบัติการป้องกันการทุจริต: {len(plan['projects'])} โครงการ งบประมาณ {plan['budget']:,.2f} บาท"
        )
        for p in plan["projects"]:
            halves = " ".join(f"{h}:{v['marker']}" for h, v in p["progress"].items())
            lines.append(f"{p['number']:>3}. {p['title']} ({p['budget']:,.2f} บาท; {halves})")
    return lines

"""`prongsai holidays load` adds shipped holidays the table lacks; `check` compares the shipped list
with the `holidays` package (pip install holidays; a cross-check, not used by the site).

The table stays the authority: load never changes or re-dates a day an administrator edited, it
only adds dates that are not there (e.g. a year filled in by a newer release).
"""

from django.core.management.base import BaseCommand, CommandError

from prongsai.core.models import Holiday
from prongsai.thai.workdays import load_holiday_years


class Command(BaseCommand):
    help = "load: add shipped holidays missing from the table; check: compare with the holidays package"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "check"])
        parser.add_argument("--year", type=int, action="append", help="Buddhist-era year (repeatable)")

    def handle(self, *args, action, year, **options):
        years = [y for y in load_holiday_years() if not year or y.year_be in year]
        if action == "load":
            added = 0
            for entry in years:
                for day, name in sorted(entry.holidays.items()):
                    added += Holiday.objects.get_or_create(date=day, defaults={"name": name})[1]
            self.stdout.write(f"{added} holidays added")
            return
        from prongsai.thai.holiday_check import differences

        try:
            import holidays  # noqa: F401
        except ImportError:
            raise CommandError("pip install holidays (ต้องติดตั้งแพ็กเกจ holidays ก่อน)") from None
        gaps = 0
        for entry in years:
            missing, extra = differences(entry.year_be)
            for day, name in sorted(missing.items()):
                self.stdout.write(f"{entry.year_be} missing here: {day} {name}")
            for day, name in sorted(extra.items()):
                self.stdout.write(f"{entry.year_be} only here:    {day} {name}")
            gaps += len(missing)
        if gaps:
            raise CommandError(f"{gaps} holidays of the package are not in the shipped list")
        self.stdout.write("the shipped list has every holiday the package knows")

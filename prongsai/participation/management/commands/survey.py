"""Survey results from the command line, for scripts and the disclosure portal.

`prongsai survey results --org SLUG --survey ID --format json` prints the answers per option of
each question and the predicted EIT indicators 6–8 (a prediction: see `scoring.py`).
"""

from django.core.management.base import BaseCommand, CommandError

from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.participation import reports
from prongsai.participation.models import Survey


class Command(BaseCommand):
    help = "Satisfaction surveys: results per question and predicted EIT indicators."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        results = sub.add_parser("results", help="per-question distributions and predicted indicators")
        results.add_argument("--org", required=True, help="organisation address name (slug)")
        results.add_argument("--survey", type=int, required=True, help="survey number")
        add_format_argument(results)

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบหน่วยงาน “{options['org']}” (no organisation with that slug)")
        survey = Survey.objects.for_org(organisation).filter(pk=options["survey"]).first()
        if survey is None:
            raise CommandError(
                f"ไม่พบแบบสำรวจ {options['survey']} ของหน่วยงานนี้ (no such survey in this organisation)"
            )
        result = reports.survey_result(survey)
        data = {
            "organisation": organisation.slug,
            "survey": survey.pk,
            "title": survey.title,
            "responses": result.responses,
            "prediction": True,
            "unverified": "EIT questions, indicator mapping, answer points and aggregation are unverified",
            "questions": [
                {
                    "code": q.question.code,
                    "indicator": q.question.indicator,
                    "text_th": q.question.text_th,
                    "options": dict(q.pairs),
                    "answered": q.answered,
                    "score": q.score,
                }
                for q in result.questions
            ],
            "predicted_indicators": {str(k): v for k, v in result.indicators.items()},
        }
        lines = [f"{survey.title}: {result.responses} responses"]
        lines += [
            f"  {q.question.code}: {q.score if q.score is not None else '—'} ({q.answered})"
            for q in result.questions
        ]
        lines += [
            f"  EIT {k} (predicted): {v if v is not None else '—'}" for k, v in result.indicators.items()
        ]
        emit(self, options, data, lines)

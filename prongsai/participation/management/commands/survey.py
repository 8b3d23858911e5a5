"""Survey results from the command line, for scripts and the disclosure portal.

`prongsai survey results --org SLUG --survey ID --format json` prints the answers per option of
each question and the predicted EIT indicators 6–8 (a prediction: see `scoring.py`).
`prongsai survey predict --org SLUG --year FY --tool iit|eit --format json` predicts a year's
indicators from every survey of that ITA year: the staff surveys (IIT 1–5, shown only from the
organisation's threshold of answers; `iit.py`) or the satisfaction surveys (EIT 6–8).
"""

from django.core.management.base import BaseCommand, CommandError

from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.participation import iit, iit_analysis, reports, scoring
from prongsai.participation.models import Survey, SurveyResponse


class Command(BaseCommand):
    help = "Satisfaction surveys: results per question and predicted EIT indicators."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        results = sub.add_parser("results", help="per-question distributions and predicted indicators")
        results.add_argument("--org", required=True, help="organisation address name (slug)")
        results.add_argument("--survey", type=int, required=True, help="survey number")
        add_format_argument(results)
        predict = sub.add_parser("predict", help="a year's predicted IIT or EIT indicators")
        predict.add_argument("--org", required=True, help="organisation address name (slug)")
        predict.add_argument("--year", type=int, required=True, help="ITA / fiscal year (B.E.), e.g. 2570")
        predict.add_argument("--tool", choices=["iit", "eit"], default="iit")
        add_format_argument(predict)

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบหน่วยงาน “{options['org']}” (no organisation with that slug)")
        if options["action"] == "predict":
            if not 2500 <= options["year"] <= 2700:
                raise CommandError("ปีต้องเป็น พ.ศ. เช่น 2570 (give the year in the Buddhist era, e.g. 2570)")
            self.predict(organisation, options)
            return
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

    def predict(self, organisation, options):
        year, tool = options["year"], options["tool"]
        if tool == "eit":
            rows = SurveyResponse.objects.for_org(organisation).filter(survey__ita_year=year)
            answers = rows.values_list("answers", flat=True).iterator()
            result = scoring.score(scoring.eit_questions(year), answers)
            data = {
                "organisation": organisation.slug, "year": year, "tool": "eit", "prediction": True,
                "responses": result.responses,
                "predicted_indicators": {str(k): v for k, v in result.indicators.items()},
            }  # fmt: skip
            lines = [f"EIT {year}: {result.responses} responses"]
            lines += [f"  EIT {k} (predicted): {_shown(v)}" for k, v in result.indicators.items()]
            emit(self, options, data, lines)
            return
        prediction = iit.year_prediction(organisation, year)
        weak = iit_analysis.weak_questions(prediction.result) if prediction.shown else []
        data = {
            "organisation": organisation.slug,
            "year": year,
            "tool": "iit",
            "prediction": True,
            "responses": prediction.responses,
            "threshold": prediction.needed,
            "shown": prediction.shown,
            "questions_year": prediction.questions_year,
            "unverified": "answer points and the aggregation of sub-items and questions are unverified",
            "predicted_indicators": {str(k): v for k, v in prediction.indicators.items()} or None,
            "iit_score": prediction.tool_score,
            "iit_points": prediction.points,
            "weak_questions": [{"code": w.code, "indicator": w.indicator, "score": w.score} for w in weak],
        }
        lines = [f"IIT {year}: {prediction.responses} responses (shown from {prediction.needed})"]
        if prediction.shown:
            lines += [f"  IIT {k} (predicted): {_shown(v)}" for k, v in prediction.indicators.items()]
            lines.append(f"  IIT score (predicted): {prediction.tool_score}")
        else:
            lines.append(f"  {prediction.missing} more answers are needed before the prediction is shown")
        emit(self, options, data, lines)


def _shown(value) -> str:
    return "—" if value is None else str(value)

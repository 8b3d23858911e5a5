"""The dashboard's first section: the head of my work list, with a link to all of it."""

from django import template

from prongsai.workplace.entries import for_request
from prongsai.workplace.kinds import rows

register = template.Library()
SUMMARY = 8


@register.inclusion_tag("workplace/_summary.html", takes_context=True)
def my_work(context):
    entries = for_request(context["request"])
    return {"rows": rows(entries[:SUMMARY]), "total": len(entries), "more": max(0, len(entries) - SUMMARY)}

"""The dashboard's first section: the head of my work list, with a link to all of it."""

from django import template

from prongsai.workplace.entries import for_request
from prongsai.workplace.kinds import label_of

register = template.Library()
SUMMARY = 8


@register.inclusion_tag("workplace/_summary.html", takes_context=True)
def my_work(context):
    entries = for_request(context["request"])
    rows = [(entry, label_of(entry.kind)) for entry in entries[:SUMMARY]]
    return {"rows": rows, "total": len(entries), "more": max(0, len(entries) - SUMMARY)}

"""`{% per_language %}…{% endper_language %}`: the page layout's fixed parts, rendered once per language.

Why: every page renders base.html, and most of its tags print the same thing for every visitor in a
language (the words of the header and footer, the style sheet and script addresses, the address of
the language switch). Each costs a translation-catalogue or resolver look-up through Django's
context-local state: together about a seventh of a public OIT page's rendering. Inside the tag, a
run of such tags and text is rendered the first time a language is seen and kept for the life of
the process; every other node (variables, blocks, conditions) is rendered for each request as
usual. What counts as fixed is decided from the tag's own arguments, so a tag with a variable in
it is never kept.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Node, NodeList, TextNode, Variable
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from prongsai.core.templatetags.addresses import address

register = template.Library()

# Simple tags whose output depends only on their (literal) arguments and the deployment's settings
# (not `htmx_script`: it takes the context, for the page's CSP nonce).
FIXED_SIMPLE_TAGS = frozenset({address})


def _literal(expression: FilterExpression | None) -> bool:
    if expression is None or expression.filters:
        return False
    var = expression.var
    return not isinstance(var, Variable) or var.lookups is None


def is_fixed(node: Node) -> bool:
    """Whether `node` prints the same for every request in one language (on this server)."""
    if isinstance(node, TextNode):
        return True
    if isinstance(node, TranslateNode):
        return node.asvar is None and node.message_context is None and _literal(node.filter_expression)
    if isinstance(node, StaticNode):
        return node.varname is None and _literal(node.path)
    if isinstance(node, template.library.SimpleNode):
        return (
            node.func in FIXED_SIMPLE_TAGS
            and not node.takes_context
            and node.target_var is None
            and all(_literal(arg) for arg in node.args)
            and all(_literal(value) for value in node.kwargs.values())
        )
    return False


class PerLanguageNode(Node):
    def __init__(self, nodelist: NodeList):
        self.nodelist = nodelist
        self.rendered: dict[str, list] = {}  # language -> fixed runs as strings, the other nodes as they are

    def render(self, context):
        language = get_language()
        parts = self.rendered.get(language)
        if parts is None:
            parts = self.rendered[language] = self._parts(context)
        # Each part is a node's own output, escaped by that node, as in Django's NodeList.render.
        html = "".join(p if type(p) is str else str(p.render_annotated(context)) for p in parts)
        return mark_safe(html)  # noqa: S308

    def _parts(self, context) -> list:
        parts, run = [], []
        for node in self.nodelist:
            if is_fixed(node):
                run.append(str(node.render_annotated(context)))
                continue
            if run:
                parts.append("".join(run))
                run = []
            parts.append(node)
        if run:
            parts.append("".join(run))
        return parts


@register.tag
def per_language(parser, token):
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist)

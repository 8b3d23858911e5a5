"""Finding the forms of a rendered page, as a browser would: fields, defaults, method, action."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_LIKE = {"text", "search", "email", "url", "tel", "number", "date", "datetime-local", "time",
             "month", "password", "hidden", ""}  # fmt: skip


@dataclass
class Field:
    name: str
    kind: str  # an input type, "textarea" or "select"
    default: str = ""


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    has_file: bool = False

    def defaults(self) -> dict[str, str]:
        return {f.name: f.default for f in self.fields}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.has_file = True
            elif kind in {"checkbox", "radio"}:
                if "checked" in a or not any(f.name == a["name"] for f in self._form.fields):
                    self._form.fields = [f for f in self._form.fields if f.name != a["name"]]
                    self._form.fields.append(Field(a["name"], kind, a.get("value", "on")))
            elif kind in TEXT_LIKE or kind == "submit":
                self._form.fields.append(Field(a["name"], kind, a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit":
            if not any(f.name == a["name"] for f in self._form.fields):
                self._form.fields.append(Field(a["name"], "submit", a.get("value", "")))
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            if "selected" in a or not self._select.default:
                self._select.default = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.default += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms

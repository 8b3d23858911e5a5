"""Forms that edit one year's ITA framework as the YAML mapping it is stored in.

Each page edits one part of `yaml.safe_load(store.current_text(year))`: the OIT items, the
sub-indicators, the weights, the grading, a question list or the parts' verified flags. A row
keeps every key the form does not show (`pos` points at its original entry), so saving a page
never drops what an administrator cannot see on it. `store.save_text` validates the whole
framework; `Editor.locate` says which form and field a `FrameworkError` names.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

REASON_MAX = 500
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
WIDE = forms.Textarea(attrs={"rows": 2, "cols": 40})


def plain(value):
    """A YAML-safe scalar: Decimals become int or float (safe_dump refuses Decimal)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why is it changed? (kept with the version)"), max_length=REASON_MAX)


class ImportForm(ReasonForm):
    file = forms.FileField(
        label=_("Framework file (YAML, or the XLSX item template)"),
        help_text=_("A YAML file replaces the whole framework; an XLSX file replaces the OIT item list."),
    )

    field_order = ["file", "reason"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml", ".xlsx")):
            raise forms.ValidationError(_("Choose a .yaml, .yml or .xlsx file."))
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class TextForm(ReasonForm):
    """The whole framework as YAML, for corrections no page below covers."""

    text = forms.CharField(
        label=_("Framework (YAML)"), widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"})
    )
    field_order = ["text", "reason"]


# --- rows ----------------------------------------------------------------------------------


class EntryForm(forms.Form):
    """One entry of a list in the framework. TEXT and NUMBERS are YAML keys and field names;
    FLAGS maps a "verified" checkbox to the `*unverified` key it clears."""

    TEXT: tuple[str, ...] = ()
    NUMBERS: tuple[str, ...] = ()
    FLAGS: dict[str, str] = {}

    pos = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, entry: dict, pos: int | None) -> dict:
        initial = {"pos": pos}
        for key in (*cls.TEXT, *cls.NUMBERS):
            value = entry.get(key)
            initial[key] = "" if value is None else value
        for name, key in cls.FLAGS.items():
            initial[name] = not entry.get(key)
        return initial

    def to_entry(self, original: dict) -> dict:
        entry = dict(original)
        for key in (*self.TEXT, *self.NUMBERS):
            value = self.cleaned_data.get(key)
            if value in (None, ""):
                entry.pop(key, None)
            else:
                entry[key] = plain(value.strip() if isinstance(value, str) else value)
        for name, key in self.FLAGS.items():
            if self.cleaned_data.get(name):
                entry.pop(key, None)
            else:
                entry[key] = True
        return entry


def _text(label, max_length=300, required=False, widget=None):
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def _verified(label=None):
    return forms.BooleanField(label=label or _("verified"), required=False)


class ItemForm(EntryForm):
    TEXT = ("code", "title_th", "heading_th", "sub_indicator", "requirement_th", "source")
    NUMBERS = ("indicator",)
    FLAGS = {"verified": "unverified", "requirement_verified": "requirement_unverified"}

    code = _text(_("Code"), 10, required=True)
    title_th = _text(_("Title"), widget=WIDE)
    heading_th = _text(_("Heading"))
    indicator = forms.IntegerField(label=_("Indicator"), required=False, min_value=1, max_value=99)
    sub_indicator = _text(_("Sub-indicator"), 10)
    requirement_th = _text(_("What must be published"), 2000, widget=WIDE)
    requirement_verified = _verified(_("requirement verified"))
    verified = _verified()
    source = _text(_("Source"), 500)

    def clean_code(self):
        return self.cleaned_data["code"].strip().lower()


class SubIndicatorForm(EntryForm):
    TEXT = ("code", "name_th", "source")
    NUMBERS = ("indicator",)
    FLAGS = {"verified": "unverified"}

    code = _text(_("Code"), 10, required=True)
    indicator = forms.IntegerField(label=_("Indicator"), required=False, min_value=1, max_value=99)
    name_th = _text(_("Name"))
    verified = _verified()
    source = _text(_("Source"), 500)


class GroupForm(EntryForm):
    NUMBERS = ("weight_total",)
    FLAGS = {"verified": "weight_total_unverified"}

    weight_total = forms.DecimalField(label=_("Tool weight"), min_value=0, max_value=100, decimal_places=4)
    verified = _verified()


class IndicatorForm(EntryForm):
    TEXT = ("name_th", "name_en")
    NUMBERS = ("weight",)
    FLAGS = {"verified": "weight_unverified"}

    name_th = _text(_("Name"), required=True)
    name_en = _text(_("Name in English"))
    weight = forms.DecimalField(label=_("Weight"), min_value=0, max_value=100, decimal_places=4)
    verified = _verified(_("weight verified"))

    def to_entry(self, original: dict) -> dict:
        entry = super().to_entry(original)
        if self.cleaned_data.get("verified"):
            entry.pop("unverified", None)  # an older file's flag on the whole entry, read as the weight's
        return entry


class GradeBandForm(EntryForm):
    TEXT = ("grade",)
    NUMBERS = ("min", "max")

    grade = _text(_("Grade"), 10, required=True)
    min = forms.DecimalField(label=_("From"), min_value=0, max_value=100, decimal_places=2)
    max = forms.DecimalField(label=_("To"), min_value=0, max_value=100, decimal_places=2)


class ResultLevelForm(EntryForm):
    TEXT = ("level", "en", "rule")
    NUMBERS = ("min_total", "min_tool_pct")

    level = _text(_("Level"), 60, required=True)
    en = _text(_("Level in English"), 60)
    rule = _text(_("Rule"), 300, widget=WIDE)
    min_total = forms.DecimalField(label=_("Minimum total"), required=False, min_value=0, max_value=100)
    min_tool_pct = forms.DecimalField(
        label=_("Minimum of each tool (%)"), required=False, min_value=0, max_value=100
    )


class PassMarkForm(forms.Form):
    pass_mark = forms.DecimalField(label=_("Pass mark"), min_value=0, max_value=100, decimal_places=2)


class QuestionForm(EntryForm):
    """A question or, with `sub_item` ticked, a sub-item of the question above it."""

    TEXT = ("code", "text_th", "scale")
    NUMBERS = ("indicator",)
    FLAGS = {"verified": "unverified"}

    pos = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)
    sub_item = forms.BooleanField(label=_("sub-item of the question above"), required=False)
    code = _text(_("Code"), 12, required=True)
    indicator = forms.IntegerField(label=_("Indicator"), required=False, min_value=1, max_value=99)
    text_th = _text(_("Question"), 1000, widget=WIDE)
    scale = _text(_("Answer scale"), 40)
    verified = _verified()

    def clean_text_th(self):
        text = self.cleaned_data["text_th"].strip()
        if not text:
            raise forms.ValidationError(_("Write the question."))
        return text

    def to_entry(self, original: dict) -> dict:
        entry = super().to_entry({k: v for k, v in original.items() if k != "topic_th"})
        entry.pop("sub_items", None)
        return entry


class PartForm(forms.Form):
    part = forms.CharField(widget=forms.HiddenInput, max_length=40)
    verified = _verified()
    source = _text(_("Source"), 500)
    note = _text(_("Note"), 1000, widget=WIDE)


# --- editors: one page each -----------------------------------------------------------------

_INDEX = re.compile(r"\[(\d+)\]")


class Editor:
    """The forms of one page over the framework mapping `data`."""

    slug = ""
    title = ""
    help = ""
    row_heading = "#"

    def __init__(self, data: dict, framework, post=None):
        self.data = data
        self.framework = framework
        self.post = post
        self.reason = ReasonForm(post, prefix="change")
        self.blocks: list = []  # (heading, formset or form), in page order
        self.unique: list = []  # (formset, field) whose values may not repeat
        self._where: dict[str, tuple] = {}  # YAML path -> (form, field name or None)

    def is_valid(self) -> bool:
        results = [self.reason.is_valid(), *(block.is_valid() for _, block in self.blocks)]
        return all(results) and self._unique_values()

    def _unique_values(self) -> bool:
        """A repeated code is marked on its row here: the framework's check names only the list."""
        valid = True
        for formset, field in self.unique:
            seen = set()
            for form in formset.forms:
                if _skipped(formset, form):
                    continue
                value = form.cleaned_data.get(field)
                if value in seen:
                    message = _("“%(value)s” is used twice; each must be unique.") % {"value": value}
                    form.add_error(field, message)
                    valid = False
                seen.add(value)
        return valid

    def apply(self) -> dict:
        raise NotImplementedError

    def locate(self, field_path: str) -> tuple:
        """The (form, field) a FrameworkError's path names on this page, else (None, None)."""
        for prefix in sorted(self._where, key=len, reverse=True):
            at = field_path.find(prefix)
            while at != -1:
                before = field_path[at - 1] if at else "."
                after = field_path[at + len(prefix) : at + len(prefix) + 1]
                if before == "." and after in ("", "."):
                    form, default = self._where[prefix]
                    rest = field_path[at + len(prefix) + 1 :].split(".")[0]
                    rest = _INDEX.sub("", rest)
                    name = FIELD_OF.get(rest, rest)
                    return form, name if name in form.fields else default
                at = field_path.find(prefix, at + 1)
        return None, None

    def _rows(self, form_class, prefix: str, originals: list, extra: int, can_delete: bool, initial=None):
        formset_class = formset_factory(form_class, extra=extra, can_delete=can_delete)
        if initial is None:
            initial = [form_class.initial_from(e, n) for n, e in enumerate(originals) if isinstance(e, dict)]
        return formset_class(self.post, initial=initial, prefix=prefix)

    def _collect(self, formset, key: str, originals: list) -> list[dict]:
        entries = []
        for form in formset.forms:
            if _skipped(formset, form):
                continue
            pos = form.cleaned_data.get("pos")
            original = originals[pos] if isinstance(pos, int) and 0 <= pos < len(originals) else {}
            self._where[f"{key}[{len(entries)}]"] = (form, None)
            entries.append(form.to_entry(original if isinstance(original, dict) else {}))
        return entries


FIELD_OF = {
    "unverified": "verified",
    "requirement_unverified": "requirement_verified",
    "weight_unverified": "verified",
    "weight_total_unverified": "verified",
    "topic_th": "text_th",
}


def _skipped(formset, form) -> bool:
    if formset.can_delete and form.cleaned_data.get("DELETE"):
        return True
    return form.empty_permitted and not form.has_changed()


def _entries(data: dict, key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []


class ItemsEditor(Editor):
    slug = "items"
    title = _("OIT items")
    help = _("Tick “delete” to remove an item; fill the empty row at the end to add one.")

    def __init__(self, data, framework, post=None):
        super().__init__(data, framework, post)
        self.originals = _entries(data, "oit_items")
        self.items = self._rows(ItemForm, "items", self.originals, extra=1, can_delete=True)
        self.blocks = [(self.title, self.items)]
        self.unique = [(self.items, "code")]

    def apply(self) -> dict:
        return {**self.data, "oit_items": self._collect(self.items, "oit_items", self.originals)}

    def item_titles(self, data: dict) -> list:
        return [(e.get("code"), e.get("title_th")) for e in _entries(data, "oit_items")]


class SubIndicatorsEditor(Editor):
    slug = "sub-indicators"
    title = _("OIT sub-indicators")
    help = _("Every OIT item names one of these sub-indicators.")

    def __init__(self, data, framework, post=None):
        super().__init__(data, framework, post)
        self.originals = _entries(data, "oit_sub_indicators")
        initial = None
        if not self.originals:  # not listed in the file: start from those the items imply
            initial = [
                {"code": s.code, "indicator": s.indicator, "name_th": s.name_th, "verified": False}
                for s in framework.oit_subindicators
            ]
        self.subs = self._rows(SubIndicatorForm, "subs", self.originals, 1, True, initial)
        self.blocks = [(self.title, self.subs)]
        self.unique = [(self.subs, "code")]

    def apply(self) -> dict:
        subs = self._collect(self.subs, "oit_sub_indicators", self.originals)
        return {**self.data, "oit_sub_indicators": subs}


class WeightsEditor(Editor):
    slug = "weights"
    title = _("Weights")
    row_heading = _("Code")
    help = _("Tool weights add up to 100; the indicators of a tool add up to the tool's weight.")

    def __init__(self, data, framework, post=None):
        super().__init__(data, framework, post)
        self.groups_in = _entries(data, "groups")
        self.indicators_in = _entries(data, "indicators")
        self.groups = self._rows(GroupForm, "groups", self.groups_in, 0, False)
        self.indicators = self._rows(IndicatorForm, "indicators", self.indicators_in, 0, False)
        for form, entry in zip(self.groups.forms, self.groups_in, strict=False):
            form.label = str(entry.get("code") or "")
        for form, entry in zip(self.indicators.forms, self.indicators_in, strict=False):
            form.label = f"{entry.get('code')} ({entry.get('group')})"
        self.blocks = [(_("Tools"), self.groups), (_("Indicators"), self.indicators)]

    def apply(self) -> dict:
        groups = self._collect(self.groups, "groups", self.groups_in)
        for entry, form in zip(groups, self.groups.forms, strict=False):
            self._where[f"groups.{entry.get('code')}"] = (form, None)
        return {
            **self.data,
            "groups": groups,
            "indicators": self._collect(self.indicators, "indicators", self.indicators_in),
        }


class GradingEditor(Editor):
    slug = "grading"
    title = _("Grading")
    help = _(
        "Letter years list grade bands; years from 2566 list result levels, the last one taking "
        "every remaining total."
    )

    def __init__(self, data, framework, post=None):
        super().__init__(data, framework, post)
        self.key = "grade_bands" if data.get("grade_bands") else "result_levels"
        form_class = GradeBandForm if self.key == "grade_bands" else ResultLevelForm
        self.originals = _entries(data, self.key)
        self.rows = self._rows(form_class, "grading", self.originals, 1, True)
        pass_mark = data.get("pass_mark", framework.grading.pass_mark)
        self.pass_mark = PassMarkForm(post, prefix="pass", initial={"pass_mark": pass_mark})
        heading = _("Grade bands") if self.key == "grade_bands" else _("Result levels")
        self.blocks = [(heading, self.rows), (_("Pass mark"), self.pass_mark)]
        self.unique = [(self.rows, "grade" if self.key == "grade_bands" else "level")]
        self._where["pass_mark"] = (self.pass_mark, "pass_mark")

    def apply(self) -> dict:
        rows = self._collect(self.rows, self.key, self.originals)
        if self.key == "grade_bands":
            kept = [f for f in self.rows.forms if not _skipped(self.rows, f)]
            for entry, form in zip(rows, kept, strict=False):
                self._where[f"grade_bands.{entry.get('grade')}"] = (form, "min")
        return {**self.data, self.key: rows, "pass_mark": plain(self.pass_mark.cleaned_data["pass_mark"])}


class QuestionsEditor(Editor):
    """A question list flattened to rows: sub-items follow their question, ticked `sub_item`."""

    def __init__(self, data, framework, post=None, *, tool: str):
        super().__init__(data, framework, post)
        self.tool = tool
        self.key = f"{tool.lower()}_questions"
        self.slug = f"questions-{tool.lower()}"
        self.title = dict(PAGES)[self.slug]
        self.help = _("Tick “sub-item” for a line that belongs to the question above it.")
        section = data.get(self.key)
        self.originals = section if isinstance(section, list) else []
        if self.originals:
            initial = []
            for n, q in enumerate(self.originals):
                if not isinstance(q, dict):
                    continue
                initial.append(_question_initial(q, str(n), False))
                initial += [
                    _question_initial(s, f"{n}.{m}", True)
                    for m, s in enumerate(_entries(q, "sub_items"))
                    if isinstance(s, dict)
                ]
        else:  # copied from another year (same_as) or unknown: start from what is in force
            initial = []
            for q in framework.questions:
                if q.tool != tool:
                    continue
                initial.append(_from_question(q, False))
                initial += [_from_question(s, True) for s in q.sub_items]
        self.rows = self._rows(QuestionForm, "questions", self.originals, 1, True, initial)
        self.blocks = [(self.title, self.rows)]
        self.unique = [(self.rows, "code")]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid:
            first = next((f for f in self.rows.forms if not _skipped(self.rows, f)), None)
            if first is not None and first.cleaned_data.get("sub_item"):
                first.add_error("sub_item", _("The first line must be a question, not a sub-item."))
                return False
        return valid

    def apply(self) -> dict:
        questions: list[dict] = []
        for form in self.rows.forms:
            if _skipped(self.rows, form):
                continue
            entry = form.to_entry(self._original(form.cleaned_data.get("pos") or ""))
            if form.cleaned_data.get("sub_item"):
                parent = questions[-1]
                parent.setdefault("sub_items", []).append(entry)
                n, m = len(questions) - 1, len(parent["sub_items"]) - 1
                self._where[f"{self.key}[{n}].sub_items[{m}]"] = (form, None)
            else:
                self._where[f"{self.key}[{len(questions)}]"] = (form, None)
                questions.append(entry)
        return {**self.data, self.key: questions}

    def _original(self, pos: str) -> dict:
        try:
            parts = [int(p) for p in pos.split(".")] if pos else []
        except ValueError:
            return {}
        entry: dict = {}
        if parts and parts[0] < len(self.originals):
            entry = self.originals[parts[0]]
            if len(parts) == 2:
                subs = _entries(entry, "sub_items")
                entry = subs[parts[1]] if parts[1] < len(subs) else {}
        return entry if isinstance(entry, dict) else {}


def _question_initial(q: dict, pos: str, sub: bool) -> dict:
    initial = QuestionForm.initial_from(q, None)
    initial.update(pos=pos, sub_item=sub, text_th=q.get("text_th") or q.get("topic_th") or "")
    return initial


def _from_question(q, sub: bool) -> dict:
    return {
        "pos": "",
        "sub_item": sub,
        "code": q.code,
        "indicator": "" if sub else q.indicator,
        "text_th": q.text_th,
        "scale": q.scale,
        "verified": not q.unverified,
    }


# Parts whose verified flag and source the "parts" page sets: (part, label).
PARTS = (
    ("weights", _("Indicator weights")),
    ("grading", _("Grade bands or result levels")),
    ("pass_mark", _("Pass mark")),
    ("oit_items", _("OIT items")),
    ("iit_questions", _("IIT questions")),
    ("eit_questions", _("EIT questions")),
)


class PartsEditor(Editor):
    slug = "parts"
    title = _("Verified parts and their sources")
    row_heading = _("Part")
    help = _(
        "Mark a part verified once it is checked against the NACC's manual or announcement, and name "
        "the source."
    )

    def __init__(self, data, framework, post=None):
        super().__init__(data, framework, post)
        initial = []
        for part, _label in PARTS:
            _flag, note, source = self._keys(part)
            given = data.get(source)
            initial.append(
                {
                    "part": part,
                    "verified": part not in framework.unverified_parts,
                    "source": given if isinstance(given, str) else "",
                    "note": str(data.get(note) or ""),
                }
            )
        self.rows = self._rows(PartForm, "parts", [], 0, False, initial)
        for form, (_part, label) in zip(self.rows.forms, PARTS, strict=False):
            form.label = label
        self.blocks = [(self.title, self.rows)]

    def _keys(self, part: str) -> tuple[str, str, str]:
        if part == "grading":
            part = "grade_bands" if self.data.get("grade_bands") else "result_levels"
        return f"{part}_unverified", f"{part}_note", f"{part}_source"

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid:
            for form in self.rows.forms:
                part = form.cleaned_data["part"]
                if part in ("iit_questions", "eit_questions", "oit_items") and form.cleaned_data["verified"]:
                    if not _entries(self.data, part):
                        form.add_error("verified", _("Add the list before marking it verified."))
                        valid = False
        return valid

    def apply(self) -> dict:
        data = dict(self.data)
        for form in self.rows.forms:
            part, verified = form.cleaned_data["part"], form.cleaned_data["verified"]
            if part not in dict(PARTS):
                continue
            flag, note, source = self._keys(part)
            self._where[part] = (form, "verified")
            for key, value in ((note, form.cleaned_data["note"]), (source, form.cleaned_data["source"])):
                if value.strip():
                    data[key] = value.strip()
                else:
                    data.pop(key, None)
            _mark(data, part, flag, verified)
        return data


def _mark(data: dict, part: str, flag: str, verified: bool) -> None:
    """Set or clear a part's flag; verifying also clears the flags its entries carry."""
    if part == "weights":
        for entry in _entries(data, "indicators"):
            if verified:
                entry.pop("weight_unverified", None)
                entry.pop("unverified", None)
            else:
                entry["weight_unverified"] = True
        if verified:
            for group in _entries(data, "groups"):
                group.pop("weight_total_unverified", None)
                group.pop("unverified", None)
        return
    if verified:
        data.pop(flag, None)
        for entry in _entries(data, part) if part.endswith(("questions", "items")) else ():
            if isinstance(entry, dict):
                entry.pop("unverified", None)
                for sub in _entries(entry, "sub_items"):
                    sub.pop("unverified", None)
    else:
        data[flag] = True


def editor_for(slug: str, data: dict, framework, post=None) -> Editor | None:
    editors = {
        "items": ItemsEditor,
        "sub-indicators": SubIndicatorsEditor,
        "weights": WeightsEditor,
        "grading": GradingEditor,
        "parts": PartsEditor,
    }
    if slug in ("questions-iit", "questions-eit"):
        return QuestionsEditor(data, framework, post, tool=slug.rsplit("-", 1)[1].upper())
    editor = editors.get(slug)
    return editor(data, framework, post) if editor else None


PAGES = (
    ("items", _("OIT items")),
    ("sub-indicators", _("OIT sub-indicators")),
    ("weights", _("Weights")),
    ("grading", _("Grading")),
    ("questions-iit", _("IIT questions")),
    ("questions-eit", _("EIT questions")),
    ("parts", _("Verified parts and their sources")),
)

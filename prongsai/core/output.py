"""One way for commands to print: readable text by default, one JSON object with --format json."""

import json

from django.core.serializers.json import DjangoJSONEncoder


def add_format_argument(parser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")


def emit(command, options: dict, data, text_lines: list[str]) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    else:
        for line in text_lines:
            command.stdout.write(line)

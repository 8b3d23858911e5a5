"""The `prongsai` console script: every management command, with clear errors for set-up mistakes."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import DatabaseError

    from prongsai.core.setup_errors import explain_database_error

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["prongsai", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"prongsai: {exc}\n")
        sys.exit(2)
    except DatabaseError as exc:
        sys.stderr.write(f"prongsai: {explain_database_error(exc)}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()

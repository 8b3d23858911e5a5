"""One shape for errors users read: the message in Thai, then in English, and the field at fault."""


class BilingualError(ValueError):
    def __init__(self, message_th: str, message_en: str, *, field: str = "") -> None:
        self.field = field
        self.message_th = message_th
        self.message_en = message_en
        prefix = f"{field}: " if field else ""
        super().__init__(f"{prefix}{message_th} ({message_en})")


class FieldError(BilingualError):
    """A data file the code cannot use; the first argument is the path of the bad field."""

    def __init__(self, field_path: str, message_th: str, message_en: str) -> None:
        super().__init__(message_th, message_en, field=field_path)

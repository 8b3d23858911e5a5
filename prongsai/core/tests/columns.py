"""A model instance's column values, to compare a hand-written read with the ORM's (docs/adr/0005)."""


def column_values(instance, skip=()) -> dict | None:
    """Every concrete field's stored value by attribute name (`<fk>_id` for a foreign key), but
    `skip`; None for no instance (an empty relation), so both sides of a comparison may be None."""
    if instance is None:
        return None
    fields = instance._meta.concrete_fields
    return {f.attname: getattr(instance, f.attname) for f in fields if f.attname not in skip}

"""Turn database set-up mistakes into a sentence an administrator can act on."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError, DataError, IntegrityError, InterfaceError, OperationalError

# PostgreSQL's codes for "not set up yet": undefined table or column, unknown database, refused login.
NOT_READY_SQLSTATES = {"42P01", "42703", "3D000", "28P01", "28000"}


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def explain_database_error(exc: DatabaseError) -> str:
    try:
        pending = pending_migrations()
    except DatabaseError:
        pending = None
    if pending:
        return (
            f"ฐานข้อมูลยังไม่ได้ปรับโครงสร้าง {len(pending)} รายการ ให้รัน `prongsai migrate` "
            f"(the database has {len(pending)} unapplied migrations: run `prongsai migrate`)"
        )
    if pending is None or isinstance(exc, OperationalError):
        return (
            "เชื่อมต่อฐานข้อมูลไม่ได้ ตรวจสอบ DATABASE_URL และว่าเซิร์ฟเวอร์ทำงานอยู่ "
            f"(cannot use the database: check DATABASE_URL and that the server is running): {exc}"
        )
    return f"ข้อผิดพลาดของฐานข้อมูล (database error): {exc}"


def is_not_ready(exc: DatabaseError) -> bool:
    """Whether the error means the database is unreachable or not migrated (a 503), rather than
    a request that conflicts with stored data (IntegrityError, DataError: the request's fault)."""
    if isinstance(exc, IntegrityError | DataError):
        return False
    if isinstance(exc, OperationalError | InterfaceError):  # SQLite's "no such table" is one too
        return True
    return getattr(exc.__cause__, "sqlstate", None) in NOT_READY_SQLSTATES

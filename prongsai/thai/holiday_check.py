"""Cross-check of the shipped holiday list (`data/holidays.json`) against the `holidays` package.

Only a test and `prongsai holidays check` use it, never a running site: the admin-editable table
is the authority for deadlines, the JSON seeds it, and the package is a second opinion that finds
gaps (a lunar holiday left out, a substitute day forgotten). The package counts some days that
government offices work (Labour Day is a private-sector and bank holiday; Children's Day falls on
a Saturday), so those are left out of the comparison.
"""

from __future__ import annotations

from datetime import date

from prongsai.thai.workdays import load_holiday_years

# Days the package lists that are not วันหยุดราชการ, with their substitutes.
NOT_GOVERNMENT_HOLIDAYS = ("วันแรงงาน", "วันเด็ก")


def package_holidays(year_ad: int) -> dict[date, str]:
    import holidays  # a test dependency only

    days = holidays.country_holidays("TH", years=year_ad, categories=("public", "government"), language="th")
    return {d: n for d, n in days.items() if not any(word in n for word in NOT_GOVERNMENT_HOLIDAYS)}


def differences(year_be: int) -> tuple[dict[date, str], dict[date, str]]:
    """(in the package but not shipped, shipped but not in the package) for one Buddhist-era year."""
    shipped = next((y.holidays for y in load_holiday_years() if y.year_be == year_be), {})
    theirs = package_holidays(year_be - 543)
    return (
        {d: n for d, n in theirs.items() if d not in shipped},
        {d: n for d, n in shipped.items() if d not in theirs},
    )

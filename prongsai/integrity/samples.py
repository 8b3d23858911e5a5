"""A year of แบบ สขร.๑ as small offices write it, with one case of each red flag planted, for the
demo and for the tests that must find exactly the planted cases.

Planted: one split purchase (two lines), one single bidder, one price equal to the budget, one
e-market purchase whose winner a committee member is related to (the relation is declared by the
demo or the test). Everything else is a near miss that must stay unflagged: the same supplier
outside the 30 days, two suppliers inside them, a competitive purchase with three bidders, a firm
that lost, the related firm winning a purchase whose committee the declarer did not sit on.
"""

from __future__ import annotations

from datetime import timedelta

from prongsai.core import sheets
from prongsai.disclosure import procurement
from prongsai.thai.fiscal import fiscal_year_bounds
from prongsai.thai.taxid import check_digit

SPLIT_SUPPLIER = "ร้านวัสดุก่อสร้างรุ่งเรือง"
RELATED_FIRM = "หจก.ทรัพย์เจริญ"
LOSING_FIRM = "บริษัท ปทุมการค้า จำกัด"


def with_check_digit(first_twelve: str) -> str:
    return first_twelve + str(check_digit(first_twelve))


RELATED_FIRM_ID = with_check_digit("010355123456")
LOSING_FIRM_ID = with_check_digit("010554765432")


def planted_rows(year: int) -> tuple[list[list], list[list]]:
    """Two months' rows (October, November) of fiscal year `year`; numbers name the planted cases."""
    start = fiscal_year_bounds(year)[0]

    def day(n: int) -> str:
        return (start + timedelta(days=n)).isoformat()

    october = [
        procurement.HEADINGS,
        [1, "ซื้อหินคลุก หมู่ ๒", 96000, "เฉพาะเจาะจง", f"{SPLIT_SUPPLIER} 95,000", SPLIT_SUPPLIER, 95000,
         "ราคาต่ำสุด", "1/2569", day(2)],
        [2, "ซื้อหินคลุก หมู่ ๕", 99000, "เฉพาะเจาะจง", "ร้าน วัสดุก่อสร้างรุ่งเรือง 98,000",
         "ร้าน วัสดุก่อสร้างรุ่งเรือง", 98000, "ราคาต่ำสุด", "2/2569", day(20)],
        [3, "ซื้อยางมะตอย", 90000, "เฉพาะเจาะจง", "ร้านยางไทย 89,000", "ร้านยางไทย", 89000, "", "3/2569",
         day(10)],
        [4, "ซื้อทรายถม", 92000, "เฉพาะเจาะจง", "ร้านทรายงาม 91,000", "ร้านทรายงาม", 91000, "", "4/2569",
         day(12)],
        [5, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ ๗", 2000000, "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
         "บริษัท ก่อสร้างไทย จำกัด 1,950,000", "บริษัท ก่อสร้างไทย จำกัด", 1950000, "ผู้เสนอราคารายเดียว",
         "5/2569", day(25)],
    ]
    november = [
        procurement.HEADINGS,
        [1, "ก่อสร้างรางระบายน้ำ", 1500000, "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
         "บริษัท ก่อสร้างไทย จำกัด 1,410,000\nหจก.ช่างดี 1,430,000\nบริษัท รวมช่าง จำกัด 1,450,000",
         "บริษัท ก่อสร้างไทย จำกัด", 1410000, "ราคาต่ำสุด", "6/2569", day(35)],
        [2, "ซื้อพวงมาลา", 7500, "เฉพาะเจาะจง", "ร้านดอกไม้งาม 7,500", "ร้านดอกไม้งาม", 7500, "", "7/2569",
         day(40)],
        [3, "ซื้อครุภัณฑ์คอมพิวเตอร์", 320000, "ตลาดอิเล็กทรอนิกส์ (e-market)",
         f"หจก. ทรัพย์เจริญ 300,000\n{LOSING_FIRM} 310,000", "หจก. ทรัพย์เจริญ", 300000, "ราคาต่ำสุด",
         "8/2569", day(45)],
        [4, "ซื้อหินคลุก หมู่ ๙", 61000, "เฉพาะเจาะจง", f"{SPLIT_SUPPLIER} 60,000", SPLIT_SUPPLIER, 60000,
         "ราคาต่ำสุด", "9/2569", day(70)],
        [5, "จ้างเหมาบริการทำความสะอาด", 108000, "เฉพาะเจาะจง", "หจก.ทรัพย์เจริญ 100,000", "หจก.ทรัพย์เจริญ",
         100000, "", "10/2569", day(50)],
    ]  # fmt: skip
    return october, november



def xlsx(rows: list[list]) -> bytes:
    return sheets.xlsx_bytes({"skr1": rows})


def import_months(org, year: int) -> None:
    """Import October and November of `year` (all or nothing each, like an office's upload)."""
    october, november = planted_rows(year)
    for month, rows in ((1, october), (2, november)):
        result = procurement.import_file(org, year, month, xlsx(rows), f"skr1-{month}.xlsx")
        if not result.ok:
            raise ValueError("; ".join(result.errors))

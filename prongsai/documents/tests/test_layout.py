from unittest import TestCase

from prongsai.documents.content import Column, Heading, Row, Table
from prongsai.documents.layout import paginate

COLUMNS = (Column("มาตรการ/แนวทาง", 4.0), Column("วิธีการดำเนินการ", 12.0))


def table(n: int) -> Table:
    return Table(
        COLUMNS, tuple(Row(((f"มาตรการที่ {i}",), ("จัดทำคู่มือการใช้ทรัพย์สินของทางราชการ",))) for i in range(n))
    )


class PaginateTests(TestCase):
    def test_a_short_table_stays_on_one_page(self):
        pages = paginate([Heading("หัวเรื่อง"), table(3)])
        self.assertEqual(len(pages), 1)
        self.assertFalse(pages[0][1].continued)

    def test_a_200_row_table_is_split_and_later_parts_are_marked_continued(self):
        pages = paginate([Heading("หัวเรื่อง"), table(200)])
        parts = [b for page in pages for b in page if isinstance(b, Table)]
        self.assertGreater(len(pages), 5)
        self.assertEqual(sum(len(p.rows) for p in parts), 200)  # no row lost or repeated
        self.assertFalse(parts[0].continued)
        self.assertTrue(all(p.continued for p in parts[1:]))
        self.assertEqual(len(parts), len(pages))  # one part per page

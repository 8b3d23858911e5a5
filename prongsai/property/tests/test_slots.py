from datetime import date
from unittest import TestCase

from prongsai.property.slots import next_free_start, overlaps

D = date(2022, 3, 1)


def day(n: int) -> date:
    return date(2022, 3, n)


class SlotTests(TestCase):
    def test_it_counts_a_shared_last_day_as_an_overlap(self):
        self.assertTrue(overlaps(day(3), day(5), day(5), day(6)))
        self.assertFalse(overlaps(day(3), day(5), day(6), day(7)))

    def test_it_offers_the_day_after_the_blocking_loan(self):
        self.assertEqual(next_free_start([(day(3), day(5))], day(4), 1), day(6))

    def test_it_skips_a_gap_too_short_for_the_loan(self):
        busy = [(day(3), day(5)), (day(8), day(9))]
        self.assertEqual(next_free_start(busy, day(4), 2), day(6))  # 6–7 fits
        self.assertEqual(next_free_start(busy, day(4), 3), day(10))  # 6–8 hits the second loan

    def test_it_keeps_a_free_start(self):
        self.assertEqual(next_free_start([(day(10), day(12))], day(1), 3), day(1))

from unittest import TestCase

from prongsai.documents.text import NBSP, clean, name, official


class OfficialTextTests(TestCase):
    def test_it_prints_thai_digits_and_keeps_the_year_with_its_era(self):
        self.assertEqual(official("ปีงบประมาณ พ.ศ. 2565"), f"ปีงบประมาณ พ.ศ.{NBSP}๒๕๖๕")

    def test_it_keeps_a_score_with_its_unit(self):
        self.assertEqual(official("79.58 คะแนน"), f"๗๙.๕๘{NBSP}คะแนน")

    def test_a_name_does_not_break(self):
        self.assertEqual(name("นางณภัทร ฤกษ์วิจิตร"), f"นางณภัทร{NBSP}ฤกษ์วิจิตร")

    def test_word_field_delimiters_and_control_characters_are_removed(self):
        self.assertEqual(clean("a\x13 INCLUDETEXT x \x14b\x15\x00c\r\nd"), "a INCLUDETEXT x bc\nd")

from unittest import TestCase

from prongsai.documents.text import NBSP, clean, name, official, words


class OfficialTextTests(TestCase):
    def test_it_prints_thai_digits_and_keeps_the_year_with_its_era(self):
        self.assertEqual(official("ปีงบประมาณ พ.ศ. 2565"), f"ปีงบประมาณ พ.ศ.{NBSP}๒๕๖๕")

    def test_it_keeps_a_score_with_its_unit(self):
        self.assertEqual(official("79.58 คะแนน"), f"๗๙.๕๘{NBSP}คะแนน")

    def test_a_name_does_not_break(self):
        self.assertEqual(name("นางณภัทร ฤกษ์วิจิตร"), f"นางณภัทร{NBSP}ฤกษ์วิจิตร")

    def test_word_field_delimiters_and_control_characters_are_removed(self):
        self.assertEqual(clean("a\x13 INCLUDETEXT x \x14b\x15\x00c\r\nd"), "a INCLUDETEXT x bc\nd")


class WordBoundaryTests(TestCase):
    def test_the_ending_of_a_word_does_not_bind_the_number_after_it(self):
        # หน้าที่ ends in ที่: only the word ที่ keeps its number (issue 16's overflowing cell)
        self.assertEqual(official("การปฏิบัติหน้าที่ 85.59 คะแนน"), f"การปฏิบัติหน้าที่ ๘๕.๕๙{NBSP}คะแนน")
        self.assertEqual(official("ที่ 50"), f"ที่{NBSP}๕๐")

    def test_lines_break_between_words_and_keep_scores_whole(self):
        pieces = words(official("๑. การปฏิบัติหน้าที่ 85.59 คะแนน"))
        self.assertIn(f"๘๕.๕๙{NBSP}คะแนน", pieces)
        self.assertNotIn("หน้า", pieces)  # pythainlp keeps ปฏิบัติหน้าที่ one word
        self.assertTrue(any(p.startswith("ปฏิบัติหน้าที่") for p in pieces))
        self.assertFalse(any(p.endswith(NBSP) for p in words(official("ปี พ.ศ. 2565 ที่ 50"))))

    def test_the_pieces_give_back_the_line(self):
        line = official("มาตรการ (ITA) ประจำปี พ.ศ. 2565, ก.พ.๖๕-เม.ย.๖๕ สำนัก/กอง ๗๙.๕๘ คะแนน")
        self.assertEqual("".join(words(line)), line)
        self.assertFalse(any(p.startswith((")", ",", ".")) for p in words(line)))

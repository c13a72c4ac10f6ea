"""A file as importers see it: its name, its bytes and, decoded on first use, its text."""

from __future__ import annotations

from rbb.importers import ImportInput


def test_text_is_utf8_with_unix_line_ends_and_no_byte_order_mark() -> None:
    file = ImportInput("a.txt", "\ufeffBudget\r\nfor the period\r\n".encode())
    assert file.text == "Budget\nfor the period\n"
    assert file.problem is None and not file.is_pdf


def test_text_given_by_the_caller_is_kept_as_given() -> None:
    file = ImportInput.of_text("%PDF-like text\r\n", name="a.txt")
    assert file.text == "%PDF-like text\r\n" and not file.is_pdf


def test_bytes_that_are_neither_text_nor_a_pdf_say_where() -> None:
    file = ImportInput("a.bin", b"one\ntwo\n\xff\xfe")
    assert file.text is None and file.problem is not None
    assert (file.problem.file, file.problem.line) == ("a.bin", 3)


def test_a_pdf_that_cannot_be_read_has_no_text_and_says_why() -> None:
    file = ImportInput("broken.pdf", b"%PDF-1.4 this is not a PDF")
    assert file.is_pdf and file.text is None and file.problem is not None
    assert "the PDF cannot be read" in file.problem.detail


def test_what_an_importer_derives_from_a_file_is_computed_once() -> None:
    calls: list[str] = []

    def first_word(file: ImportInput) -> str:
        calls.append(file.name)
        return (file.text or "").split()[0]

    file = ImportInput("a.txt", b"Budget report")
    assert file.derived(first_word) == file.derived(first_word) == "Budget"
    assert calls == ["a.txt"]


def test_a_report_for_part_of_a_year_is_imported_with_the_dates_it_states() -> None:
    from datetime import date

    from rbb.importers import import_text

    text = ("Budget performance for the period from 1 October 2039 to 30 June 2040 of the "
            "United Nations Mission for the Test of Periods (UNMTP)\nSummary\n"
            "Performance of financial resources\n(Thousands of United States dollars)\n"
            "Category  Apportionment  Expenditure  Amount  Percentage\n"
            # 100.0 - 90.0 = 10.0, 10.0 per cent of 100.0
            "Military and police personnel  100.0  90.0  10.0  10.0\n")
    result = import_text(text, name="nine-months.txt")
    assert result.document is not None
    assert result.document.period_dates == (date(2039, 10, 1), date(2040, 6, 30))
    assert result.document.period.label == "2039/40"
    assert '"period_dates"' in result.document.model_dump_json()
